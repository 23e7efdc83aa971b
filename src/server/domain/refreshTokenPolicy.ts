import { GRANT_TYPES, OFFLINE_ACCESS_SCOPE } from '../../protocol/oauth.ts';
import type { ApiConfig, ClientConfig } from '../config.ts';
import type { Domain } from './domain.ts';
import { createRefreshToken, type RefreshTokenBinding } from './refreshTokens.ts';

/** The flows that issue tokens to a user, as the policy tells them apart. */
export const ISSUING_FLOWS = [
  GRANT_TYPES.authorizationCode,
  'implicit',
  GRANT_TYPES.password,
  GRANT_TYPES.deviceCode,
] as const;
export type IssuingFlow = (typeof ISSUING_FLOWS)[number];

/**
 * Auth0: "You can only get a Refresh Token if you are implementing the Authorization Code Flow
 * (with or without PKCE), Resource Owner Password Grant, or Device Authorization Flow."
 */
export const REFRESH_TOKEN_FLOWS: readonly IssuingFlow[] = [
  GRANT_TYPES.authorizationCode,
  GRANT_TYPES.password,
  GRANT_TYPES.deviceCode,
];

export interface RefreshTokenPolicyInput {
  client: Pick<ClientConfig, 'type' | 'grantTypes'>;
  /** The API the access token is for; none when it only opens /userinfo. */
  api: Pick<ApiConfig, 'allowOfflineAccess'> | undefined;
  scope: readonly string[];
  flow: IssuingFlow;
}

/**
 * The one place that decides who gets a refresh token. All of:
 * - the scope asks for `offline_access`;
 * - the API has Allow Offline Access on (with no API, only /userinfo, nothing forbids it);
 * - the flow is authorization code, password or device code — never implicit;
 * - the client is not a browser SPA, and may use the refresh_token grant at all.
 */
export function mayIssueRefreshToken({
  client,
  api,
  scope,
  flow,
}: RefreshTokenPolicyInput): boolean {
  return (
    scope.includes(OFFLINE_ACCESS_SCOPE) &&
    (api === undefined || api.allowOfflineAccess) &&
    REFRESH_TOKEN_FLOWS.includes(flow) &&
    client.type !== 'spa' &&
    client.grantTypes.includes(GRANT_TYPES.refreshToken)
  );
}

/** The scope actually granted: `offline_access` only when a refresh token comes with it. No error. */
export const grantedScope = (input: RefreshTokenPolicyInput): string[] =>
  mayIssueRefreshToken(input)
    ? [...input.scope]
    : input.scope.filter((word) => word !== OFFLINE_ACCESS_SCOPE);

export interface IssueRefreshTokenInput extends Omit<RefreshTokenBinding, 'scope'> {
  api: ApiConfig | undefined;
  /** The scope asked for (may hold offline_access). */
  scope: readonly string[];
  flow: IssuingFlow;
}

export interface RefreshTokenDecision {
  /** What to grant and report in `scope`. */
  scope: string[];
  refreshToken?: string;
  /** The device credential id of the new family. */
  refreshTokenId?: string;
}

/** Applies the policy: a refresh token (a new family) when it allows one, else the scope without offline_access. */
export function issueRefreshTokenIfAllowed(
  domain: Domain,
  input: IssueRefreshTokenInput,
): RefreshTokenDecision {
  const policyInput = {
    client: input.client,
    api: input.api,
    scope: input.scope,
    flow: input.flow,
  };
  const scope = grantedScope(policyInput);
  if (!mayIssueRefreshToken(policyInput)) return { scope };
  const { token, id } = createRefreshToken(domain, { ...input, scope });
  return { scope, refreshToken: token, refreshTokenId: id };
}
