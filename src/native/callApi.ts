import { NativeDemoError, reaching } from './explainFailure.ts';
import { fingerprint } from './fingerprint.ts';
import type { NativeDemoContext } from './nativeDemoContext.ts';
import { refreshStoredToken } from './refreshStoredToken.ts';

/** An installed app's usual day: a fresh access token from the refresh token, then the API call. */
export async function callApi(context: NativeDemoContext): Promise<void> {
  const { options, io } = context;
  const tokens = await refreshStoredToken(context);
  const url = `${options.api}/api/profile`;
  io.out('');
  io.out(`GET ${url}  Authorization: Bearer ${fingerprint(tokens.access_token)}`);
  const response = await reaching('demo API', options.api, () =>
    fetch(url, { headers: { Authorization: `Bearer ${tokens.access_token}` } }),
  );
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
