import * as client from 'openid-client';
import { NATIVE_CLIENT_ID } from '../protocol/defaults.ts';
import { describeTokenResponse } from './describeTokenResponse.ts';
import { discoverNativeClient } from './discoverNativeClient.ts';
import { dpopKeyPathFor, readDpopKey } from './dpopKeyFile.ts';
import { NativeDemoError } from './explainFailure.ts';
import { fingerprint } from './fingerprint.ts';
import type { NativeDemoContext } from './nativeDemoContext.ts';
import { deleteTokenFile, readTokenFile, type StoredTokens, writeTokenFile } from './tokenFile.ts';

export const loginHint = '`npm run native-demo -- login`';

/** The stored tokens, or a NativeDemoError that says how to sign in. */
export async function requireStoredTokens({
  options,
  tokenFile,
  tokenFileShown,
}: NativeDemoContext): Promise<StoredTokens> {
  const stored = await readTokenFile(tokenFile);
  if (!stored) {
    throw new NativeDemoError(
      `Not signed in to ${options.issuer}: there is no token file at ${tokenFileShown}. Run ${loginHint} first.`,
    );
  }
  return stored;
}

/** What an installed app must do when its refresh token is refused: forget it, say so, sign in again. */
export function refreshTokenRevokedMessage(
  description: string | undefined,
  tokenFileShown: string,
) {
  return [
    `The server refused the stored refresh token: invalid_grant${description ? ` (${description})` : ''}.`,
    'It was revoked (logout, /oauth/revoke, or an administrator in the dashboard) or it expired:',
    "this device's credential is gone, and retrying will not bring it back.",
    `Deleted ${tokenFileShown}. Run ${loginHint} to sign in again.`,
  ].join('\n');
}

/** The DPoP handle for a token file bound to a key, from the key file beside it. */
async function dpopHandleFor(
  config: client.Configuration,
  stored: StoredTokens,
  { tokenFile, tokenFileShown }: NativeDemoContext,
): Promise<client.DPoPHandle | undefined> {
  if (stored.dpopJkt === undefined) return undefined;
  const key = await readDpopKey(dpopKeyPathFor(tokenFile));
  if (!key) {
    throw new NativeDemoError(
      `The refresh token in ${tokenFileShown} is bound to DPoP key ${stored.dpopJkt}, but its key file ${dpopKeyPathFor(tokenFileShown)} is missing: ` +
        `without the key the token cannot be used (that is the point). Run ${loginHint} to sign in again.`,
    );
  }
  return client.getDPoPHandle(config, key.keyPair);
}

export interface RefreshedTokens {
  tokens: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
  config: client.Configuration;
  /** Set when the tokens are DPoP-bound: API calls need its proofs. */
  dpop: client.DPoPHandle | undefined;
}

/**
 * The refresh_token grant with the stored token, with a DPoP proof when it is bound. A rotated
 * token replaces the stored one; a refused one (invalid_grant) is deleted, since it can never
 * work again.
 */
export async function refreshStoredToken(context: NativeDemoContext): Promise<RefreshedTokens> {
  const { io, tokenFile, tokenFileShown } = context;
  const stored = await requireStoredTokens(context);
  const config = await discoverNativeClient(context.options.issuer);
  const DPoP = await dpopHandleFor(config, stored, context);
  io.out(
    `POST ${config.serverMetadata().token_endpoint}  grant_type=refresh_token, refresh_token=${fingerprint(stored.refreshToken)}, client_id=${NATIVE_CLIENT_ID} (no secret: a public client)${DPoP ? ', DPoP proof' : ''}`,
  );
  let tokens: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
  try {
    tokens = await client.refreshTokenGrant(
      config,
      stored.refreshToken,
      undefined,
      DPoP ? { DPoP } : undefined,
    );
  } catch (error) {
    if (error instanceof client.ResponseBodyError && error.error === 'invalid_grant') {
      await deleteTokenFile(tokenFile);
      throw new NativeDemoError(
        refreshTokenRevokedMessage(error.error_description, tokenFileShown),
      );
    }
    throw error;
  }
  io.out('Token response:');
  for (const line of describeTokenResponse(tokens, tokens.claims(), io.now(), {
    refreshing: true,
  }))
    io.out(line);

  const rotated =
    tokens.refresh_token !== undefined && tokens.refresh_token !== stored.refreshToken;
  await writeTokenFile(tokenFile, {
    ...stored,
    refreshToken: rotated ? (tokens.refresh_token ?? stored.refreshToken) : stored.refreshToken,
    refreshedAt: io.now().toISOString(),
  });
  io.out(
    rotated
      ? `The server rotated the refresh token; stored the new one (${fingerprint(tokens.refresh_token ?? '')}) in ${tokenFileShown}.`
      : `The refresh token stays the same (no rotation): it keeps working until it is revoked.`,
  );
  return { tokens, config, dpop: DPoP };
}
