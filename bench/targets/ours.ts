/** Silent Auth Lab's own server: the seeded tenant, refresh-token rate limit off for the bench. */
import {
  M2M_CLIENT_ID,
  M2M_TEST_SECRET,
  NATIVE_CLIENT_ID,
  SEEDED_USERS,
  SPA_CLIENT_ID,
} from '../../src/protocol/defaults.ts';
import { CookieJar, firstForm, locationOf, send } from '../lib/httpClient.ts';
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

const NATIVE_CALLBACK = 'http://127.0.0.1:51234/callback';

/** `/authorize?…` for the seeded SPA client (code + PKCE), with `params` on top. */
export const authorizeQuery = (params: Record<string, string>) =>
  `/authorize?${new URLSearchParams({
    client_id: SPA_CLIENT_ID,
    redirect_uri: SPA_CALLBACK,
    response_type: 'code',
    scope: 'openid profile email read:profile',
    audience: API_AUDIENCE,
    state: 'bench-state',
    nonce: 'bench-nonce',
    code_challenge: PKCE.challenge,
    code_challenge_method: 'S256',
    ...params,
  })}`;

/** An interactive sign-in as a browser does it: /authorize, the hosted login page, the resume. */
export async function signInOnHostedPage(url: string, jar: CookieJar): Promise<string> {
  const login = locationOf(await send(jar, `${url}${authorizeQuery({})}`), url);
  const page = await (await send(jar, login)).text();
  const { action, fields } = firstForm(page, login);
  const posted = await send(jar, action, {
    form: { ...fields, email: SEEDED_USERS.alice.email, password: SEEDED_USERS.alice.password },
  });
  return codeFrom(locationOf(await send(jar, locationOf(posted, url)), url));
}

/** A whole sign-in in a new browser (a new session), ending with the code exchange. */
export async function signInForTokens(url: string): Promise<void> {
  const jar = new CookieJar();
  const code = await signInOnHostedPage(url, jar);
  const response = await send(jar, `${url}/oauth/token`, {
    form: {
      grant_type: 'authorization_code',
      client_id: SPA_CLIENT_ID,
      code,
      redirect_uri: SPA_CALLBACK,
      code_verifier: PKCE.verifier,
    },
  });
  if (response.status !== 200) throw new Error(`code exchange: HTTP ${response.status}`);
  await response.text();
}

export const ours: Target = {
  name: 'silent-auth-lab',

  async start() {
    const { seedConfig } = await import('../../src/server/config.ts');
    const { createAuthServer } = await import('../../src/server/createAuthServer.ts');
    const { generateSigningKey } = await import('../../src/server/domain/signingKey.ts');
    const { listenFetch } = await import('../../src/server/listen.ts');
    const signingKey = generateSigningKey();
    let server: ReturnType<typeof createAuthServer> | undefined;
    const listening = await listenFetch(
      (request, env) => server?.fetch(request, env) ?? new Response('starting', { status: 503 }),
      { port: 0, hostname: '127.0.0.1' },
    );
    server = createAuthServer(
      {
        ...seedConfig({ port: listening.port }),
        // 30 refreshes a minute per token would stop the refresh benchmark after a blink.
        rateLimits: { refreshToken: null, client: null },
      },
      { signingKey, logger: { error: () => undefined } },
    );
    await server.ready;
    return { url: listening.url, close: listening.close };
  },

  async prepare(url) {
    const jar = new CookieJar();
    await signInOnHostedPage(url, jar);

    const silent = authorizeQuery({ prompt: 'none' });
    const mint = async () => codeFrom(locationOf(await send(jar, `${url}${silent}`), url));

    // The native app (offline_access) on the same session: a refresh token, not rotated.
    const nativeCode = codeFrom(
      locationOf(
        await send(
          jar,
          `${url}${authorizeQuery({
            client_id: NATIVE_CLIENT_ID,
            redirect_uri: NATIVE_CALLBACK,
            scope: 'openid profile email offline_access read:profile',
          })}`,
        ),
        url,
      ),
    );
    const exchanged = await send(jar, `${url}/oauth/token`, {
      form: {
        grant_type: 'authorization_code',
        client_id: NATIVE_CLIENT_ID,
        code: nativeCode,
        redirect_uri: NATIVE_CALLBACK,
        code_verifier: PKCE.verifier,
      },
    });
    const { refresh_token: refreshToken } = (await exchanged.json()) as { refresh_token?: string };
    if (!refreshToken) throw new Error('no refresh token for the native client');

    const fixtures: Fixtures = {
      repeatable: {
        discovery: getDocument(DISCOVERY_PATH),
        jwks: getDocument('/.well-known/jwks.json'),
        authorize: { method: 'GET', path: silent, headers: { cookie: jar.header() }, expect: 302 },
        client_credentials: {
          method: 'POST',
          path: '/oauth/token',
          headers: {
            ...FORM_HEADERS,
            authorization: `Basic ${Buffer.from(`${M2M_CLIENT_ID}:${M2M_TEST_SECRET}`).toString('base64')}`,
          },
          body: formBody({
            grant_type: 'client_credentials',
            audience: API_AUDIENCE,
            scope: 'read:profile',
          }),
          expect: 200,
        },
        refresh: {
          method: 'POST',
          path: '/oauth/token',
          headers: FORM_HEADERS,
          body: formBody({
            grant_type: 'refresh_token',
            client_id: NATIVE_CLIENT_ID,
            refresh_token: refreshToken,
          }),
          expect: 200,
        },
      },
      codeExchange: {
        mint,
        request: codeExchangeRequest('/oauth/token', SPA_CLIENT_ID),
      },
      unsupported: {},
      notes: {},
    };
    return fixtures;
  },
};
