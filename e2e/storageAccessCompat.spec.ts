import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Auth0Client, createAuth0Client } from '@auth0/auth0-spa-js';
import type { Page } from '@playwright/test';
import type { UserManager, UserManagerSettings } from 'oidc-client-ts';
import { ALICE, CLIENT_ID, expect, type Stack, test } from './support/stack.ts';

// Unchanged SDKs, across sites: the app on localhost, the server at 127.0.0.1. Neither SDK calls
// the Storage Access API; once the browser holds a grant for (app, server), the retry happens
// between Chromium and the server (Sec-Fetch-Storage-Access: inactive → Activate-Storage-Access:
// retry → the same GET with the cookie), so their hidden frames renew. Hosted like
// auth0SpaJsCompat.spec.ts: on the SPA's silent callback page, a real page of a registered origin.
const resolve = createRequire(import.meta.url).resolve;
const auth0SpaJs = readFileSync(
  resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'),
  'utf8',
);
// The browser build, which defines the `oidc` global (the package exports only its ESM and CommonJS builds).
const oidcClientTs = readFileSync(
  resolve('oidc-client-ts').replace(
    /(esm|umd)[/\\]oidc-client-ts\.js$/,
    'browser/oidc-client-ts.min.js',
  ),
  'utf8',
);

type Renewal = { accessToken?: string; sub?: string; error?: string };

const SDKS: Record<string, (stack: Stack, page: Page) => Promise<() => Promise<Renewal>>> = {
  'auth0-spa-js getTokenSilently': async (stack, page) => {
    await page.addScriptTag({ content: auth0SpaJs });
    await page.evaluate(
      async ({ domain, clientId, audience, redirectUri }) => {
        const { auth0 } = window as unknown as {
          auth0: { createAuth0Client: typeof createAuth0Client };
        };
        (window as unknown as { client: Auth0Client }).client = await auth0.createAuth0Client({
          domain,
          clientId,
          authorizationParams: { audience, redirect_uri: redirectUri, scope: 'openid profile' },
        });
      },
      {
        domain: stack.authCrossSite,
        clientId: CLIENT_ID,
        audience: stack.audience,
        redirectUri: `${stack.spa}/callback`,
      },
    );
    return () =>
      page.evaluate(async () => {
        const { client } = window as unknown as { client: Auth0Client };
        try {
          const response = await client.getTokenSilently({
            detailedResponse: true,
            cacheMode: 'off',
          });
          return { accessToken: response?.access_token, sub: (await client.getUser())?.sub };
        } catch (error) {
          return { error: (error as { error?: string }).error ?? String(error) };
        }
      });
  },
  'oidc-client-ts signinSilent': async (stack, page) => {
    await page.addScriptTag({ content: oidcClientTs });
    await page.evaluate(
      (settings) => {
        const { oidc } = window as unknown as {
          oidc: { UserManager: new (settings: UserManagerSettings) => UserManager };
        };
        (window as unknown as { manager: UserManager }).manager = new oidc.UserManager(settings);
      },
      {
        authority: stack.authCrossSite,
        client_id: CLIENT_ID,
        redirect_uri: `${stack.spa}/callback`,
        // The SPA's silent callback page posts the URL the way signinSilentCallback() does.
        silent_redirect_uri: `${stack.spa}/silent-callback.html`,
        scope: 'openid profile',
        extraQueryParams: { audience: stack.audience },
        automaticSilentRenew: false,
      } satisfies UserManagerSettings,
    );
    return () =>
      page.evaluate(async () => {
        const { manager } = window as unknown as { manager: UserManager };
        try {
          const user = await manager.signinSilent();
          return { accessToken: user?.access_token, sub: user?.profile.sub };
        } catch (error) {
          return { error: (error as { error?: string }).error ?? String(error) };
        }
      });
  },
};

for (const [name, open] of Object.entries(SDKS)) {
  test(`${name} renews across sites once the browser holds a storage access grant`, async ({
    page,
    context,
    stack,
    auth,
  }) => {
    // Signed in at the server's 127.0.0.1 origin (as a full-page sign-in there leaves it).
    await auth.signIn(context, { email: ALICE.email, origin: stack.authCrossSite });
    await page.goto('/silent-callback.html');
    const renew = await open(stack, page);

    // No grant: Chromium withholds the server's cookies from the cross-site frame.
    expect(await renew()).toEqual({ error: 'login_required' });

    await auth.grantStorageAccess(page, { topOrigin: stack.spa });
    const first = await renew();
    expect(first).toMatchObject({ sub: 'auth0|alice' });
    expect(first.accessToken).toBeTruthy();
    const second = await renew();
    expect(second.accessToken).toBeTruthy();
    expect(second.accessToken).not.toBe(first.accessToken);

    // How: each prompt=none came without the cookie (inactive), was asked to retry for the
    // app's origin only, and came again with it (active).
    const silent = (await auth.requests()).filter(
      (r) => r.path === '/authorize' && r.query.prompt === 'none',
    );
    expect(silent.map((r) => [r.secFetchStorageAccess, r.status, r.activateStorageAccess])).toEqual(
      [
        ['none', expect.any(Number), undefined],
        ['inactive', 401, `retry; allowed-origin="${stack.spa}"`],
        ['active', expect.any(Number), undefined],
        ['inactive', 401, `retry; allowed-origin="${stack.spa}"`],
        ['active', expect.any(Number), undefined],
      ],
    );
    // And never a refresh token.
    const issued = (await auth.events()).filter((e) => e.type === 'tokens_issued');
    expect(issued).toHaveLength(2);
    expect(issued.every((e) => e.type === 'tokens_issued' && !e.refreshToken)).toBe(true);
  });
}
