import { describe, expect, it } from 'vitest';
import { unsignedJwt } from '../auth/testSupport/testTokens.ts';
import { fingerprint } from './fingerprint.ts';
import { redactAuthorization, redactForDisplay, redactUrl } from './redactForDisplay.ts';

const accessToken = unsignedJwt({
  sub: 'auth0|alice',
  scope: 'openid read:profile',
  aud: 'http://localhost:4401/',
});
const refreshToken = 'v1.MjAyNS1vcGFxdWUtcmVmcmVzaC10b2tlbi1ub2JvZHktc2hvdWxkLXNlZQ';

describe('redactForDisplay', () => {
  it('never shows a refresh token, only that it is present and its fingerprint', async () => {
    const shown = await redactForDisplay({
      access_token: accessToken,
      refresh_token: refreshToken,
    });
    const text = JSON.stringify(shown);
    expect(text).not.toContain(refreshToken);
    expect((shown as { refresh_token: string }).refresh_token).toBe(
      `‹refresh token present: ${refreshToken.length} chars, ${await fingerprint(refreshToken)}›`,
    );
  });

  it('shows a JWT decoded (header and claims) with a fingerprint, not the compact token', async () => {
    const shown = (await redactForDisplay({ access_token: accessToken })) as {
      access_token: {
        jwt: string;
        header: Record<string, unknown>;
        claims: Record<string, unknown>;
      };
    };
    expect(JSON.stringify(shown)).not.toContain(accessToken);
    expect(shown.access_token.header).toMatchObject({ alg: 'RS256', kid: 'test' });
    expect(shown.access_token.claims).toMatchObject({
      sub: 'auth0|alice',
      scope: 'openid read:profile',
    });
    expect(shown.access_token.jwt).toMatch(/^sha256:[0-9a-f]{12} \(\d+ chars, shown decoded\)$/);
  });

  it('redacts client secrets and passwords, leaves the rest alone', async () => {
    const shown = await redactForDisplay({
      grant_type: 'client_credentials',
      client_secret: 'test-only-secret-m2m-DO-NOT-USE-IN-PRODUCTION',
      nested: [{ password: 'wonderland' }],
    });
    expect(JSON.stringify(shown)).not.toMatch(/DO-NOT-USE|wonderland/);
    expect(shown).toMatchObject({
      grant_type: 'client_credentials',
      nested: [{ password: '‹password: 10 chars, redacted›' }],
    });
  });

  it('finds JWTs by their shape in fields of any name, and tokens inside URLs', async () => {
    const url = `http://localhost:5173/silent-callback.html#access_token=${accessToken}&state=abc&token_type=Bearer`;
    const shown = await redactForDisplay({ source: 'oidc-client', url, whatever: accessToken });
    const text = JSON.stringify(shown);
    expect(text).not.toContain(accessToken);
    expect(text).toContain('state=abc');
  });
});

describe('redactUrl', () => {
  it('replaces token parameters in the query and the fragment, keeps code and state', async () => {
    const url = await redactUrl(
      `http://x.test/cb?code=c0de&state=s#id_token=${accessToken}&refresh_token=${refreshToken}`,
    );
    expect(url).toContain('code=c0de');
    expect(url).toContain('state=s');
    expect(url).not.toContain(accessToken);
    expect(url).not.toContain(refreshToken);
  });

  it('leaves what is not a URL as it is', async () => {
    expect(await redactUrl('not a url')).toBe('not a url');
  });
});

describe('redactAuthorization', () => {
  it('keeps the scheme and hides the credential', async () => {
    expect(await redactAuthorization(`Bearer ${accessToken}`)).toMatch(
      /^Bearer ‹JWT sha256:[0-9a-f]{12}›$/,
    );
    expect(await redactAuthorization('Basic dXNlcjpwYXNz')).toBe(
      'Basic ‹client id and secret, redacted›',
    );
  });
});
