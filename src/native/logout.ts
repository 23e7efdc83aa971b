import * as client from 'openid-client';
import { discoverNativeClient } from './discoverNativeClient.ts';
import { dpopKeyPathFor } from './dpopKeyFile.ts';
import { explainFailure, NativeDemoError } from './explainFailure.ts';
import { fingerprint } from './fingerprint.ts';
import type { NativeDemoContext } from './nativeDemoContext.ts';
import { deleteTokenFile, readTokenFile } from './tokenFile.ts';

/**
 * Revokes first, deletes second: a file deleted while the server still honours its token would
 * leave a live credential that nobody can see any more.
 */
export async function logout({ options, io, tokenFile, tokenFileShown }: NativeDemoContext) {
  const stored = await readTokenFile(tokenFile);
  if (!stored) {
    io.out(
      `Not signed in to ${options.issuer} (no token file at ${tokenFileShown}); nothing to revoke.`,
    );
    return;
  }
  const config = await discoverNativeClient(options.issuer);
  const endpoint = config.serverMetadata().revocation_endpoint;
  if (!endpoint) {
    throw new NativeDemoError(
      `${options.issuer} publishes no revocation_endpoint; kept ${tokenFileShown}.`,
    );
  }
  io.out(
    `POST ${endpoint}  token=${fingerprint(stored.refreshToken)}, token_type_hint=refresh_token, client_id=${stored.clientId}`,
  );
  try {
    await client.tokenRevocation(config, stored.refreshToken, { token_type_hint: 'refresh_token' });
  } catch (error) {
    throw new NativeDemoError(
      `Revocation failed. ${explainFailure(error)}\nKept ${tokenFileShown}; run logout again.`,
    );
  }
  // RFC 7009 §2.2: 200 whether or not the token was still valid, so this cannot tell which.
  io.out('200 OK: the server no longer honours this refresh token (RFC 7009).');
  await deleteTokenFile(tokenFile);
  // The key goes too: the next sign-in gets a new one, unlinkable to this one.
  await deleteTokenFile(dpopKeyPathFor(tokenFile));
  io.out(`Deleted ${tokenFileShown}. Signed out on this device.`);
}
