import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Auth0Client, createAuth0Client } from '@auth0/auth0-spa-js';
import type { Page } from '@playwright/test';
import { decodeJwt } from 'jose';
import type { UserManager, UserManagerSettings } from 'oidc-client-ts';
import { signInOnHostedPage } from './support/login.ts';
import { CLIENT_ID, expect, type Stack, test } from './support/stack.ts';

// DPoP (RFC 9449) with real browser SDKs, unchanged, against the bundled server and demo API.
// Like auth0SpaJsCompat.spec.ts, each SDK is hosted on the SPA origin's silent callback page,
// which does nothing at top level (and whose frame message is oidc-client-ts's own format).
const resolve = createRequire(import.meta.url).resolve;
const oidcClientTs = readFileSync(
  resolve('oidc-client-ts').replace(/dist\/.*$/, 'dist/browser/oidc-client-ts.min.js'),
  'utf8',
);
const auth0SpaJs = readFileSync(
  resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'),
  'utf8',
);

type OidcGlobal = {
  UserManager: new (settings: UserManagerSettings) => UserManager;
  IndexedDbDPoPStore: new () => UserManagerSettings['dpop'] extends infer D
    ? D extends { store: infer S }
      ? S
      : never
    : never;
};

/** oidc-client-ts on the page as `window.um`, with its DPoP setting on (keys in IndexedDB). */
async function hostUserManager(stack: Stack, page: Page): Promise<void> {
  await page.addScriptTag({ content: oidcClientTs });
  await page.evaluate(
    ({ authority, clientId, redirectUri, audience }) => {
      const oidc = (window as unknown as { oidc: OidcGlobal }).oidc;
      (window as unknown as { um: UserManager }).um = new oidc.UserManager({
        authority,
        client_id: clientId,
        redirect_uri: redirectUri,
        silent_redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid profile email read:profile',
        extraQueryParams: { audience },
        // Its UserInfoService sends the token as Bearer even with dpop on: /userinfo is called
        // below with a proof from um.dpopProof instead.
        loadUserInfo: false,
        dpop: { store: new oidc.IndexedDbDPoPStore(), bind_authorization_code: true },
      });
    },
    {
      authority: `${stack.auth}/`,
      clientId: CLIENT_ID,
      redirectUri: `${stack.spa}/silent-callback.html`,
      audience: stack.audience,
    },
  );
}

function authorizeRequestsOf(page: Page, stack: Stack): URL[] {
  const seen: URL[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${stack.auth}/authorize`)) seen.push(new URL(r.url()));
  });
  return seen;
}

test('oidc-client-ts with dpop: a bound sign-in, signinSilent with dpop_jkt, a proof for the API', async ({
  page,
  stack,
}) => {
  const authorizeRequests = authorizeRequestsOf(page, stack);
  await page.goto('/silent-callback.html');
  await hostUserManager(stack, page);
  // signinRedirect navigates away: started, not awaited, in the page.
  await page.evaluate(() => {
    void (window as unknown as { um: UserManager }).um.signinRedirect();
  });
  await signInOnHostedPage(page);
  await page.waitForURL(/\/silent-callback\.html\?code=/);
  await hostUserManager(stack, page);
  const signedIn = await page.evaluate(async () => {
    const user = await (window as unknown as { um: UserManager }).um.signinRedirectCallback();
    return {
      tokenType: user.token_type,
      accessToken: user.access_token,
      email: user.profile.email,
    };
  });
  const jkt = authorizeRequests[0]?.searchParams.get('dpop_jkt');
  expect(jkt).toMatch(/^[\w-]{43}$/);
  expect(signedIn.tokenType).toBe('DPoP');
  expect(decodeJwt(signedIn.accessToken).cnf).toEqual({ jkt });

  const renewed = await page.evaluate(async () => {
    const user = await (window as unknown as { um: UserManager }).um.signinSilent();
    return { tokenType: user?.token_type, accessToken: user?.access_token };
  });
  const silent = authorizeRequests.at(-1);
  expect(silent?.searchParams.get('prompt')).toBe('none');
  expect(silent?.searchParams.get('dpop_jkt')).toBe(jkt);
  expect(renewed.tokenType).toBe('DPoP');
  expect(renewed.accessToken).not.toBe(signedIn.accessToken);

  const apiUrl = `${stack.api}/api/profile`;
  const calls = await page.evaluate(async (url) => {
    const um = (window as unknown as { um: UserManager }).um;
    const user = await um.getUser();
    if (!user) throw new Error('no user');
    const proof = await um.dpopProof(url, user, 'GET');
    const withProof = await fetch(url, {
      headers: { Authorization: `DPoP ${user.access_token}`, DPoP: proof ?? '' },
    });
    const asBearer = await fetch(url, {
      headers: { Authorization: `Bearer ${user.access_token}` },
    });
    const userinfoUrl = um.settings.authority.replace(/\/?$/, '/userinfo');
    const userinfo = await fetch(userinfoUrl, {
      headers: {
        Authorization: `DPoP ${user.access_token}`,
        DPoP: (await um.dpopProof(userinfoUrl, user, 'GET')) ?? '',
      },
    });
    return {
      userinfo: await userinfo.json(),
      withProof: withProof.status,
      asBearer: asBearer.status,
      challenge: asBearer.headers.get('WWW-Authenticate'),
    };
  }, apiUrl);
  expect(calls.withProof).toBe(200);
  expect(calls.userinfo).toMatchObject({ email: 'alice@example.com' });
  expect(calls.asBearer).toBe(401);
  expect(calls.challenge).toContain('error="invalid_token"');
});

test('auth0-spa-js with useDpop: getTokenSilently binds its web_message code, its fetcher calls the API', async ({
  page,
  stack,
}) => {
  const authorizeRequests = authorizeRequestsOf(page, stack);
  // A server session, made the ordinary way (top-level login through our SPA).
  await page.goto('/profile');
  await signInOnHostedPage(page);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();

  await page.goto('/silent-callback.html');
  await page.addScriptTag({ content: auth0SpaJs });
  const result = await page.evaluate(
    async ({ domain, clientId, audience, redirectUri, apiUrl }) => {
      const auth0 = (
        window as unknown as { auth0: { createAuth0Client: typeof createAuth0Client } }
      ).auth0;
      const client: Auth0Client = await auth0.createAuth0Client({
        domain,
        clientId,
        useDpop: true,
        authorizationParams: {
          audience,
          redirect_uri: redirectUri,
          scope: 'openid profile email read:profile',
        },
      });
      const token = await client.getTokenSilently({ detailedResponse: true, cacheMode: 'off' });
      // dpopNonceId names where the fetcher keeps this API's nonce; without it, it sends no proof.
      const fetcher = client.createFetcher({ dpopNonceId: 'demo-api' });
      // The fetcher asks getTokenSilently for its own audience: name the API's.
      const response = await fetcher.fetchWithAuth(apiUrl, undefined, {
        audience,
        scope: ['openid', 'profile', 'email', 'read:profile'],
      });
      return {
        accessToken: token?.access_token ?? '',
        status: response.status,
        body: await response.json(),
      };
    },
    {
      domain: stack.auth,
      clientId: CLIENT_ID,
      audience: stack.audience,
      redirectUri: `${stack.spa}/callback`,
      apiUrl: `${stack.api}/api/profile`,
    },
  );
  const silent = authorizeRequests.at(-1);
  expect(silent?.searchParams.get('prompt')).toBe('none');
  expect(silent?.searchParams.get('response_mode')).toBe('web_message');
  const jkt = silent?.searchParams.get('dpop_jkt');
  expect(jkt).toMatch(/^[\w-]{43}$/);
  expect(decodeJwt(result.accessToken).cnf).toEqual({ jkt });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  expect(result.body).toMatchObject({ sub: 'auth0|alice' });
});
