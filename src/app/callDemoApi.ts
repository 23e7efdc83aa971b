import type { AuthState } from '../auth/authStore.ts';
import { parseBearerChallenge } from '../auth/bearerChallenge.ts';

export type ApiCallResult =
  | { kind: 'ok'; status: number; body: unknown }
  | {
      kind: 'http_error';
      status: number;
      statusText: string;
      /** RFC 6750 error from WWW-Authenticate, else from the JSON body. */
      error: string | null;
      description: string | null;
      /** The raw WWW-Authenticate header, shown as sent. */
      challenge: string | null;
    }
  /** The request was not sent: no valid access token. */
  | { kind: 'not_sent'; message: string }
  /** The API could not be reached (down, or CORS refused). */
  | { kind: 'network_error'; message: string };

/** GETs `url` on the demo API with the access token and describes the outcome for display. */
export async function callDemoApi(
  fetchWithAccessToken: AuthState['fetchWithAccessToken'],
  url: string,
): Promise<ApiCallResult> {
  let response: Response;
  try {
    response = await fetchWithAccessToken(url, { headers: { Accept: 'application/json' } });
  } catch (error) {
    const { name, message } = error as Error;
    if (name === 'NoAccessTokenError') return { kind: 'not_sent', message };
    return {
      kind: 'network_error',
      message: `The API at ${url} could not be reached (${message}).`,
    };
  }
  const body = await readJson(response);
  if (response.ok) return { kind: 'ok', status: response.status, body };
  const challengeHeader = response.headers.get('WWW-Authenticate');
  const challenge = parseBearerChallenge(challengeHeader);
  const fromBody = (key: string) => {
    const value = (body as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' ? value : null;
  };
  return {
    kind: 'http_error',
    status: response.status,
    statusText: response.statusText,
    error: challenge?.error ?? fromBody('error'),
    description: challenge?.errorDescription ?? fromBody('error_description'),
    challenge: challengeHeader,
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
