import { CLIENT_ID, expect, test } from './support/stack.ts';

// Across sites with the Storage Access API: the app on localhost, the server at 127.0.0.1
// (or the other way round for a page that plays an attacker). The kit's grant stands in for a
// person's "Allow" (headless Chromium never prompts).

test('a hostile page that frames /authorize gets nothing, even holding a storage access grant', async ({
  page,
  context,
  stack,
  auth,
}) => {
  // Alice is signed in at the server's localhost origin; the hostile page is on 127.0.0.1, a
  // site no client registered, and (worst case) the browser granted it storage access.
  await auth.signIn(context, { email: 'alice@example.com', origin: stack.auth });
  await page.goto(`${stack.spaOtherOrigin}/silent-callback.html`);
  await auth.grantStorageAccess(page, { topOrigin: stack.spaOtherOrigin });
  const received = await page.evaluate(
    (src) =>
      new Promise<unknown[]>((resolve) => {
        const messages: unknown[] = [];
        addEventListener('message', (event) => messages.push(event.data));
        const frame = document.createElement('iframe');
        // A web_message page posts while it runs, before its load event; a refused frame loads
        // an error page. Either way, by load every message there will be has been sent.
        frame.addEventListener('load', () => setTimeout(() => resolve(messages)), { once: true });
        frame.src = src;
        document.body.append(frame);
      }),
    `${stack.auth}/authorize?${new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: `${stack.spa}/silent-callback.html`,
      response_type: 'code',
      response_mode: 'web_message',
      scope: 'openid',
      state: 'steal',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      prompt: 'none',
    })}`,
  );
  expect(received).toEqual([]);
  // The frame came with an inactive grant and was not asked to retry: the origin is no client's.
  const silent = (await auth.requests()).filter((r) => r.path === '/authorize');
  expect(silent.map((r) => [r.secFetchStorageAccess, r.activateStorageAccess])).toEqual([
    ['inactive', undefined],
  ]);
  const events = await auth.events();
  expect(events).toContainEqual(
    expect.objectContaining({
      type: 'storage_access',
      state: 'inactive',
      origin: stack.spaOtherOrigin,
      answer: 'none',
      reason: 'origin_not_registered',
    }),
  );
  expect(events.some((e) => e.type === 'code_issued')).toBe(false);
});
