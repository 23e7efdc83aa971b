/**
 * Test only: the bundled authorization server and the demo API in process (no sockets), a
 * DPoP-bound access token really issued by the server for a WebCrypto key, and a lab
 * environment whose store presents that token the way the app's store does.
 */
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { createDemoApi } from '../../api/createDemoApi.ts';
import type { AuthStore } from '../../auth/authStore.ts';
import { readClientSettings } from '../../auth/clientSettings.ts';
import { generateDpopKeys } from '../../auth/dpopKeyStore.ts';
import { createDpopProof } from '../../auth/dpopProof.ts';
import { presentAccessToken } from '../../auth/presentAccessToken.ts';
import type { AuthServerConfigInput } from '../../server/config.ts';
import {
  API_AUDIENCE,
  AUTH,
  CookieJar,
  createTestServer,
  exchangeCode,
  SPA_ORIGIN,
  signIn,
} from '../../server/testSupport/testServer.ts';
import type { LabEnvironment } from '../labEnvironment.ts';

const API = 'http://localhost:4401';

export async function dpopLabStack(
  change?: (config: AuthServerConfigInput) => AuthServerConfigInput,
  { bound = true } = {},
) {
  const { server, clock } = createTestServer(change);
  // Proofs carry the browser's time; a server on another clock would ask for a nonce instead.
  clock.set(Date.now());
  const keys = await generateDpopKeys();
  const tokenEndpoint = `${AUTH}/oauth/token`;
  const code = (await signIn(server, new CookieJar())).searchParams.get('code') ?? '';
  const proof = () => createDpopProof(keys, { htm: 'POST', htu: tokenEndpoint });
  let answer = await exchangeCode(server, code, {}, bound ? { DPoP: await proof() } : {});
  const nonce = answer.headers.get('DPoP-Nonce');
  if (answer.status === 400 && nonce) {
    answer = await exchangeCode(
      server,
      code,
      {},
      {
        DPoP: await createDpopProof(keys, { htm: 'POST', htu: tokenEndpoint, nonce }),
      },
    );
  }
  const tokens = (await answer.json()) as { access_token: string; token_type: string };
  const jwks = (await (
    await server.app.request(`${AUTH}/.well-known/jwks.json`)
  ).json()) as JSONWebKeySet;
  const api = createDemoApi({
    issuers: [`${AUTH}/`],
    audience: API_AUDIENCE,
    getKey: createLocalJWKSet(jwks),
    allowedOrigins: [SPA_ORIGIN],
  });
  const fetch = (async (input: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('origin', SPA_ORIGIN);
    const app = String(input).startsWith(API) ? api : server.app;
    return app.request(String(input), { ...init, headers });
  }) as typeof globalThis.fetch;
  const prove = async (url: string, method: string, accessToken: string, nonce?: string) =>
    tokens.token_type === 'DPoP'
      ? createDpopProof(keys, { htm: method, htu: url, accessToken, nonce })
      : null;
  const state = {
    accessTokenHeaders: (url: string, method: string, nonce?: string) =>
      presentAccessToken(tokens.access_token, url, method, prove, nonce),
  };
  const env: LabEnvironment = {
    settings: readClientSettings({ apiUrl: API }, SPA_ORIGIN),
    auth: { getState: () => state } as unknown as AuthStore,
    fetch,
    now: Date.now,
    window: undefined as unknown as Window,
    document: undefined as unknown as Document,
  };
  return { env, tokens, server };
}
