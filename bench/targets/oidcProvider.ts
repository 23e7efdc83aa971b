/**
 * oidc-provider (panva), configured for the same work: a public SPA client with PKCE, JWT access
 * tokens for the demo API (resource indicators), client credentials, refresh tokens without
 * rotation, a Map store (below) and its development login and consent pages.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CookieJar, firstForm, locationOf, send } from '../lib/httpClient.ts';
import { rsaPrivateJwk } from './oauth2MockServer.ts';
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

interface Stored {
  payload: Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string };
  expiresAt: number | undefined;
}
const stored = new Map<string, Stored>();
const byGrant = new Map<string, Set<string>>();
const byUid = new Map<string, string>();
const byUserCode = new Map<string, string>();

/**
 * A Map store, like ours. Its bundled development adapter is an LRU of 1,000 entries: a few
 * seconds of prompt=none load evict the session and grant, and every later exchange fails
 * (invalid_grant); and it recomputes a grant's expiry over all its codes on every save.
 */
class MapAdapter {
  constructor(private readonly model: string) {}
  private key = (id: string) => `${this.model}:${id}`;
  async upsert(id: string, payload: Stored['payload'], expiresIn?: number) {
    const key = this.key(id);
    stored.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
    if (payload.grantId) {
      const members = byGrant.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      byGrant.set(payload.grantId, members);
    }
    if (payload.uid) byUid.set(payload.uid, id);
    if (payload.userCode) byUserCode.set(payload.userCode, id);
  }
  async find(id: string) {
    const entry = stored.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      stored.delete(this.key(id));
      return undefined;
    }
    return entry.payload;
  }
  async findByUid(uid: string) {
    const id = byUid.get(uid);
    return id === undefined ? undefined : this.find(id);
  }
  async findByUserCode(userCode: string) {
    const id = byUserCode.get(userCode);
    return id === undefined ? undefined : this.find(id);
  }
  async consume(id: string) {
    const entry = stored.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    stored.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const key of byGrant.get(grantId) ?? []) stored.delete(key);
    byGrant.delete(grantId);
  }
}

const M2M_SECRET = 'bench-m2m-secret-bench-m2m-secret';

export const oidcProvider: Target = {
  name: 'oidc-provider',

  async start() {
    // Its start-up warnings (development keys, adapter, interactions) are expected here.
    for (const method of ['warn', 'info', 'log'] as const) {
      const original = console[method].bind(console);
      console[method] = (...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider')) return;
        original(...args);
      };
    }
    const { default: Provider } = await import('oidc-provider');
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const issuer = `http://127.0.0.1:${port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'bench-spa',
          token_endpoint_auth_method: 'none',
          redirect_uris: [SPA_CALLBACK],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        },
        {
          client_id: 'bench-m2m',
          client_secret: M2M_SECRET,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
        },
      ],
      adapter: MapAdapter,
      jwks: { keys: [rsaPrivateJwk('bench')] },
      cookies: { keys: ['bench-cookie-key-bench-cookie-key'] },
      features: {
        devInteractions: { enabled: true },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => API_AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({
            scope: 'read:profile',
            audience: API_AUDIENCE,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      rotateRefreshToken: false,
      ttl: {
        AccessToken: 3600,
        AuthorizationCode: 60,
        ClientCredentials: 600,
        Grant: 14 * 86_400,
        IdToken: 3600,
        Interaction: 600,
        RefreshToken: 14 * 86_400,
        Session: 3 * 86_400,
      },
      findAccount: (_ctx: unknown, id: string) => ({
        accountId: id,
        claims: () => ({ sub: id, email: `${id}@example.com`, name: id }),
      }),
    });
    http.on('request', provider.callback());
    return {
      url: issuer,
      close: () =>
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
    };
  },

  async prepare(url) {
    const jar = new CookieJar();
    const authorize = (params: Record<string, string>) =>
      `${url}/auth?${new URLSearchParams({
        client_id: 'bench-spa',
        redirect_uri: SPA_CALLBACK,
        response_type: 'code',
        scope: 'openid profile email read:profile',
        resource: API_AUDIENCE,
        state: 'bench-state',
        nonce: 'bench-nonce',
        code_challenge: PKCE.challenge,
        code_challenge_method: 'S256',
        ...params,
      })}`;

    // Its development pages: login (any name), then consent; offline_access needs prompt=consent.
    let location = locationOf(
      await send(
        jar,
        authorize({
          scope: 'openid profile email offline_access read:profile',
          prompt: 'consent',
        }),
      ),
      url,
    );
    for (let step = 0; step < 10 && !location.startsWith(SPA_CALLBACK); step++) {
      const response = await send(jar, location);
      if (response.status >= 300 && response.status < 400) {
        location = locationOf(response, location);
        continue;
      }
      const { action, fields } = firstForm(await response.text(), location);
      const submitted = await send(jar, action, {
        form: { ...fields, login: 'alice', password: 'any' },
      });
      location = locationOf(submitted, action);
    }
    const firstCode = codeFrom(location);
    const exchanged = await send(jar, `${url}/token`, {
      form: {
        grant_type: 'authorization_code',
        client_id: 'bench-spa',
        code: firstCode,
        redirect_uri: SPA_CALLBACK,
        code_verifier: PKCE.verifier,
      },
    });
    const tokens = (await exchanged.json()) as { refresh_token?: string; error?: string };
    if (!tokens.refresh_token)
      throw new Error(`oidc-provider gave no refresh token: ${JSON.stringify(tokens)}`);

    const silent = authorize({ prompt: 'none' });
    const mint = async () => codeFrom(locationOf(await send(jar, silent), url));
    await mint();
    const silentPath = silent.slice(url.length);

    const fixtures: Fixtures = {
      repeatable: {
        discovery: getDocument(DISCOVERY_PATH),
        jwks: getDocument('/jwks'),
        authorize: {
          method: 'GET',
          path: silentPath,
          headers: { cookie: jar.header() },
          expect: 303,
        },
        client_credentials: {
          method: 'POST',
          path: '/token',
          headers: {
            ...FORM_HEADERS,
            authorization: `Basic ${Buffer.from(`bench-m2m:${M2M_SECRET}`).toString('base64')}`,
          },
          body: formBody({ grant_type: 'client_credentials', scope: 'read:profile' }),
          expect: 200,
        },
        refresh: {
          method: 'POST',
          path: '/token',
          headers: FORM_HEADERS,
          body: formBody({
            grant_type: 'refresh_token',
            client_id: 'bench-spa',
            refresh_token: tokens.refresh_token,
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
        refresh:
          'refresh tokens for a public browser client (this lab never issues one to its SPA client; it uses its native client)',
      },
    };
    return fixtures;
  },
};
