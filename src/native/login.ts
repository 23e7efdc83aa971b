import * as client from 'openid-client';
import { DEMO_API_SCOPES, NATIVE_CLIENT_ID } from '../protocol/defaults.ts';
import { OFFLINE_ACCESS_SCOPE } from '../protocol/oauth.ts';
import { describeTokenResponse, describeUser } from './describeTokenResponse.ts';
import { discoverNativeClient } from './discoverNativeClient.ts';
import { dpopKeyPathFor, loadOrCreateDpopKey } from './dpopKeyFile.ts';
import { NativeDemoError } from './explainFailure.ts';
import { fingerprint } from './fingerprint.ts';
import { startLoopbackRedirect } from './loopbackRedirect.ts';
import type { NativeDemoContext } from './nativeDemoContext.ts';
import { FILE_MODE, writeTokenFile } from './tokenFile.ts';

export const NATIVE_DEMO_SCOPE = [
  'openid',
  'profile',
  'email',
  OFFLINE_ACCESS_SCOPE,
  ...DEMO_API_SCOPES,
].join(' ');

/**
 * RFC 8252: the system browser (never an embedded one), a loopback redirect on a free port, PKCE.
 * The refresh token goes to a file only this user can read; the access token stays in memory.
 */
export async function login({ options, io, tokenFile, tokenFileShown }: NativeDemoContext) {
  const config = await discoverNativeClient(options.issuer);
  const dpopKey = await loadOrCreateDpopKey(dpopKeyPathFor(tokenFile));
  const DPoP = client.getDPoPHandle(config, dpopKey.keyPair);
  const loopback = await startLoopbackRedirect();
  let callback: URL;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  try {
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: loopback.redirectUri,
      scope: NATIVE_DEMO_SCOPE,
      audience: options.audience,
      device: options.device,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      dpop_jkt: dpopKey.jkt,
      state,
    });
    io.out(`Signing in to ${options.issuer} as the native app ${NATIVE_CLIENT_ID}.`);
    io.out(`  redirect_uri   ${loopback.redirectUri}  (listening on loopback, RFC 8252)`);
    io.out(`  scope          ${NATIVE_DEMO_SCOPE}`);
    io.out(`  audience       ${options.audience}`);
    io.out(`  device         ${options.device}`);
    io.out('  PKCE           S256 (the verifier stays here until the code exchange)');
    io.out(
      `  DPoP           ES256 key ${dpopKey.jkt} (dpop_jkt binds the code; the tokens are bound to this key)`,
    );
    io.out('');
    io.out('Open this URL in a browser to sign in:');
    io.out(`  ${url.href}`);
    io.out('');
    if (options.openBrowser) {
      const { opened, command } = await io.openUrl(url.href);
      io.out(
        opened
          ? `Asked your system browser to open it (${command}). If nothing appears, open the URL yourself.`
          : `Could not start ${command} to open a browser; open the URL yourself (or use --no-browser).`,
      );
    }
    io.out('Waiting for the browser to come back to the loopback redirect…');
    callback = await loopback.callback;
  } finally {
    await loopback.close();
  }

  io.out(
    `The browser came back. POST ${config.serverMetadata().token_endpoint}  grant_type=authorization_code, code, code_verifier, client_id=${NATIVE_CLIENT_ID} (no secret: a public client), DPoP proof`,
  );
  const tokens = await client.authorizationCodeGrant(
    config,
    callback,
    { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true },
    undefined,
    { DPoP },
  );
  const claims = tokens.claims();
  io.out(
    'Token response (ID token signature, issuer, audience and expiry checked by openid-client):',
  );
  for (const line of describeTokenResponse(tokens, claims, io.now())) io.out(line);

  if (!tokens.refresh_token) {
    throw new NativeDemoError(
      `Signed in as ${describeUser(claims)}, but the server issued no refresh token ` +
        `(granted scope: ${tokens.scope ?? 'none'}). Nothing was stored. ` +
        'A refresh token needs offline_access, an API with Allow Offline Access, and a non-SPA client.',
    );
  }
  await writeTokenFile(tokenFile, {
    version: 1,
    issuer: options.issuer,
    clientId: NATIVE_CLIENT_ID,
    audience: options.audience,
    device: options.device,
    subject: claims?.sub ?? '',
    user: describeUser(claims),
    scope: tokens.scope ?? '',
    refreshToken: tokens.refresh_token,
    savedAt: io.now().toISOString(),
    refreshedAt: null,
    ...(tokens.token_type.toLowerCase() === 'dpop' ? { dpopJkt: dpopKey.jkt } : {}),
  });
  io.out('');
  io.out(`Signed in as ${describeUser(claims)} on device "${options.device}".`);
  io.out(
    `Stored the refresh token (${fingerprint(tokens.refresh_token)}) in ${tokenFileShown}, mode 0${FILE_MODE.toString(8)} (only you can read it). The access token was kept in memory only.`,
  );
  if (tokens.token_type.toLowerCase() === 'dpop') {
    io.out(
      `The refresh token is bound to the DPoP key beside it (${dpopKeyPathFor(tokenFileShown)}, mode 0600): copied without that key, it is refused.`,
    );
  }
}
