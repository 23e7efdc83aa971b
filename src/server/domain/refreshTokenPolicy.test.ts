import { describe, expect, it } from 'vitest';
import { type ClientGrantType, type ClientType, DEFAULT_GRANT_TYPES } from '../config.ts';
import {
  grantedScope,
  ISSUING_FLOWS,
  mayIssueRefreshToken,
  type RefreshTokenPolicyInput,
} from './refreshTokenPolicy.ts';

const SCOPES = { with: ['openid', 'offline_access'], without: ['openid'] } as const;
const APIS = {
  allows: { allowOfflineAccess: true },
  forbids: { allowOfflineAccess: false },
  // Tokens for /userinfo only: no API to forbid it.
  none: undefined,
} as const;
const CLIENT_TYPES: ClientType[] = ['spa', 'native', 'regular_web'];
const REFRESH_GRANT = { enabled: true, disabled: false } as const;

/**
 * The only combinations that get a refresh token, written out: offline_access asked for, an API
 * that allows it (or none), a code/password/device grant, a non-SPA client with the
 * refresh_token grant.
 */
const ISSUED = new Set([
  'with/allows/authorization_code/native/enabled',
  'with/allows/authorization_code/regular_web/enabled',
  'with/allows/password/native/enabled',
  'with/allows/password/regular_web/enabled',
  'with/allows/urn:ietf:params:oauth:grant-type:device_code/native/enabled',
  'with/allows/urn:ietf:params:oauth:grant-type:device_code/regular_web/enabled',
  'with/none/authorization_code/native/enabled',
  'with/none/authorization_code/regular_web/enabled',
  'with/none/password/native/enabled',
  'with/none/password/regular_web/enabled',
  'with/none/urn:ietf:params:oauth:grant-type:device_code/native/enabled',
  'with/none/urn:ietf:params:oauth:grant-type:device_code/regular_web/enabled',
]);

const rows = Object.entries(SCOPES).flatMap(([scopeKey, scope]) =>
  Object.entries(APIS).flatMap(([apiKey, api]) =>
    ISSUING_FLOWS.flatMap((flow) =>
      CLIENT_TYPES.flatMap((type) =>
        Object.entries(REFRESH_GRANT).map(([grantKey, enabled]) => {
          const grantTypes: ClientGrantType[] = enabled
            ? [...DEFAULT_GRANT_TYPES[type], 'refresh_token']
            : DEFAULT_GRANT_TYPES[type].filter((grant) => grant !== 'refresh_token');
          const key = `${scopeKey}/${apiKey}/${flow}/${type}/${grantKey}`;
          const input: RefreshTokenPolicyInput = { client: { type, grantTypes }, api, scope, flow };
          return { key, input, issued: ISSUED.has(key) };
        }),
      ),
    ),
  ),
);

describe('mayIssueRefreshToken: every combination', () => {
  it('covers 2 scopes × 3 APIs × 4 flows × 3 client types × 2 grant settings', () => {
    expect(rows).toHaveLength(2 * 3 * 4 * 3 * 2);
    expect(rows.filter((row) => row.issued)).toHaveLength(ISSUED.size);
  });

  it.each(rows)('$key → refresh token: $issued', ({ input, issued }) => {
    expect(mayIssueRefreshToken(input)).toBe(issued);
  });
});

describe('grantedScope', () => {
  it.each(rows)(
    '$key: offline_access kept only with a refresh token, nothing else changes',
    ({ input, issued }) => {
      const scope = grantedScope(input);
      expect(scope.includes('offline_access')).toBe(issued);
      expect(scope.filter((word) => word !== 'offline_access')).toEqual(
        input.scope.filter((word) => word !== 'offline_access'),
      );
    },
  );
});
