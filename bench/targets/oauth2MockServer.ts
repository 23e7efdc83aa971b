/**
 * oauth2-mock-server (axa-group): a stateless mock. It has no users, sessions or clients, so
 * some cases do less work than ours: said in `notes`.
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  API_AUDIENCE,
  codeExchangeRequest,
  codeFrom,
  DISCOVERY_PATH,
  type Fixtures,
  FORM_HEADERS,
  formBody,
  getDocument,
  PKCE,
  SPA_CALLBACK,
  type Target,
} from './target.ts';

/** A 2048-bit RS256 key as a private JWK, like the other servers use. */
export function rsaPrivateJwk(kid: string) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

export const oauth2MockServer: Target = {
  name: 'oauth2-mock-server',

  async start() {
    const { OAuth2Server } = await import('oauth2-mock-server');
    const server = new OAuth2Server();
    await server.issuer.keys.add(rsaPrivateJwk('bench'));
    await server.start(0, '127.0.0.1');
    const address = server.address();
    return { url: `http://127.0.0.1:${address.port}`, close: () => server.stop() };
  },

  async prepare(url) {
    const authorize = `/authorize?${new URLSearchParams({
      client_id: 'bench-spa',
      redirect_uri: SPA_CALLBACK,
      response_type: 'code',
      scope: 'openid profile email',
      state: 'bench-state',
      nonce: 'bench-nonce',
      code_challenge: PKCE.challenge,
      code_challenge_method: 'S256',
      prompt: 'none',
    })}`;
    const mint = async () => {
      const response = await fetch(`${url}${authorize}`, { redirect: 'manual' });
      return codeFrom(response.headers.get('location') ?? '');
    };
    await mint();
    const fixtures: Fixtures = {
      repeatable: {
        discovery: getDocument(DISCOVERY_PATH),
        jwks: getDocument('/jwks'),
        authorize: { method: 'GET', path: authorize, headers: {}, expect: 302 },
        client_credentials: {
          method: 'POST',
          path: '/token',
          headers: FORM_HEADERS,
          body: formBody({
            grant_type: 'client_credentials',
            client_id: 'bench-m2m',
            aud: API_AUDIENCE,
            scope: 'read:profile',
          }),
          expect: 200,
        },
        refresh: {
          method: 'POST',
          path: '/token',
          headers: FORM_HEADERS,
          body: formBody({
            grant_type: 'refresh_token',
            client_id: 'bench-native',
            refresh_token: 'any-value-is-accepted',
            scope: 'openid profile',
          }),
          expect: 200,
        },
      },
      codeExchange: {
        mint,
        request: codeExchangeRequest('/token', 'bench-spa'),
      },
      unsupported: {},
      notes: {
        authorize: 'no session or client check: every request redirects with a code',
        code_exchange: 'checks PKCE only (no client, redirect URI or expiry)',
        client_credentials: 'no client authentication',
        refresh: 'any refresh_token is accepted (no lookup)',
      },
    };
    return fixtures;
  },
};
