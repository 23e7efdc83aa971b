import * as client from 'openid-client';
import { NativeDemoError, reaching } from './explainFailure.ts';
import { fingerprint } from './fingerprint.ts';
import type { NativeDemoContext } from './nativeDemoContext.ts';
import { refreshStoredToken } from './refreshStoredToken.ts';

/** The API's answer, whether openid-client returned it or threw it as a challenge. */
async function sendAuthorized(
  refreshed: Awaited<ReturnType<typeof refreshStoredToken>>,
  url: string,
): Promise<Response> {
  const { tokens, config, dpop } = refreshed;
  if (!dpop) {
    return fetch(url, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  }
  try {
    // Authorization: DPoP, and a proof with ath (and the API's nonce, retried once).
    return await client.fetchProtectedResource(
      config,
      tokens.access_token,
      new URL(url),
      'GET',
      undefined,
      undefined,
      { DPoP: dpop },
    );
  } catch (error) {
    if (error instanceof client.WWWAuthenticateChallengeError) return error.response;
    throw error;
  }
}

/** An installed app's usual day: a fresh access token from the refresh token, then the API call. */
export async function callApi(context: NativeDemoContext): Promise<void> {
  const { options, io } = context;
  const refreshed = await refreshStoredToken(context);
  const { tokens, dpop } = refreshed;
  const url = `${options.api}/api/profile`;
  io.out('');
  io.out(
    dpop
      ? `GET ${url}  Authorization: DPoP ${fingerprint(tokens.access_token)}, DPoP: <proof for GET ${url}, ath>`
      : `GET ${url}  Authorization: Bearer ${fingerprint(tokens.access_token)}`,
  );
  const response = await reaching('demo API', options.api, () => sendAuthorized(refreshed, url));
  const body = await response.text();
  io.out(`${response.status} ${response.statusText}`);
  const challenge = response.headers.get('www-authenticate');
  if (challenge) io.out(`WWW-Authenticate: ${challenge}`);
  let shown = body;
  try {
    shown = JSON.stringify(JSON.parse(body), null, 2);
  } catch {}
  for (const line of shown.split('\n')) io.out(`  ${line}`);
  if (!response.ok)
    throw new NativeDemoError(`The demo API refused the call (HTTP ${response.status}).`);
}
