/**
 * Each server page's Content-Security-Policy allows what the page holds and nothing more: an
 * inline stylesheet only where there is one, scripts only by the nonce each of them carries, and
 * no inline style or handler attributes that no policy of ours allows.
 */
import { describe, expect, it } from 'vitest';
import { NATIVE_CLIENT_ID, THIRD_PARTY_SPA_CLIENT_ID } from '../../../protocol/defaults.ts';
import {
  ALICE,
  API_AUDIENCE,
  authorizeUrl,
  browse,
  CookieJar,
  createTestServer,
  formPost,
  hiddenField,
  postForm,
  SPA_ORIGIN,
  signInNative,
  signInOnServer,
  submitLogin,
} from '../../testSupport/testServer.ts';

const directivesOf = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );

/** The page's policy against its content: what it holds is allowed, what it lacks is not. */
function expectPolicyFits(response: Response, page: string) {
  const policy = directivesOf(response.headers.get('content-security-policy') ?? '');
  expect(policy.get('default-src')).toEqual(["'none'"]);
  expect(page).not.toMatch(/\sstyle=|\son[a-z]+=/i);

  const hasStyle = /<style[\s>]/.test(page);
  expect(policy.get('style-src')).toEqual(hasStyle ? ["'unsafe-inline'"] : undefined);

  const nonces = [...page.matchAll(/<script([^>]*)>/g)].map(
    ([, attributes]) => /nonce="([^"]+)"/.exec(attributes ?? '')?.[1],
  );
  if (nonces.length === 0) expect(policy.get('script-src')).toBeUndefined();
  else {
    expect(nonces.every((nonce) => nonce !== undefined)).toBe(true);
    expect(policy.get('script-src')).toEqual([...new Set(nonces)].map((n) => `'nonce-${n}'`));
  }
}

const setUp = () => {
  const { server } = createTestServer();
  return { server, jar: new CookieJar() };
};

async function checked(response: Response | Promise<Response>) {
  const answer = await response;
  const page = await answer.text();
  expect(page).toMatch(/^<!doctype html>/);
  expectPolicyFits(answer, page);
  return page;
}

describe('each page’s policy allows exactly what it holds', () => {
  it('login (also failed), consent, error and logged-out pages', async () => {
    const { server, jar } = setUp();
    await checked(browse(server, jar, authorizeUrl({ client_id: 'nobody' })));
    const start = await browse(server, jar, authorizeUrl({ client_id: THIRD_PARTY_SPA_CLIENT_ID }));
    const login = start.headers.get('location') ?? '';
    await checked(browse(server, jar, login));
    await checked(submitLogin(server, jar, login, { ...ALICE, password: 'nope' }));
    const posted = await submitLogin(server, jar, login, ALICE);
    const resumed = await browse(server, jar, posted.headers.get('location') ?? '');
    await checked(browse(server, jar, resumed.headers.get('location') ?? ''));
    await checked(browse(server, jar, '/v2/logout'));
  });

  it('form_post, web_message and framed redirect pages', async () => {
    const { server, jar } = setUp();
    const start = await browse(server, jar, authorizeUrl({ response_mode: 'form_post' }));
    const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    expect(await checked(browse(server, jar, posted.headers.get('location') ?? ''))).toContain(
      '<style>',
    );
    const webMessage = await checked(
      browse(server, jar, authorizeUrl({ response_mode: 'web_message', prompt: 'none' })),
    );
    expect(webMessage).not.toContain('<style');
    const framed = await checked(
      browse(server, jar, authorizeUrl({ prompt: 'none' }), {
        headers: { 'sec-fetch-dest': 'iframe' },
      }),
    );
    expect(framed).toContain('window.location.replace(');
  });

  it('the cookie probe’s check page: its script only, no stylesheet', async () => {
    const { server, jar } = setUp();
    const origin = encodeURIComponent(SPA_ORIGIN);
    const page = await checked(browse(server, jar, `/cookie-probe/check?origin=${origin}`));
    expect(page).not.toContain('<style');
    expect(page).toContain('postMessage');
  });

  it('device activation and dashboard pages, the revoke confirmation included', async () => {
    const { server, jar } = setUp();
    await signInNative(server);
    await signInOnServer(server, jar, '/dashboard');
    const entry = await checked(browse(server, jar, '/activate'));
    await checked(
      browse(
        server,
        jar,
        '/activate',
        formPost({ csrf: hiddenField(entry, 'csrf'), user_code: 'X' }),
      ),
    );
    const started = await postForm(server, '/oauth/device/code', {
      client_id: NATIVE_CLIENT_ID,
      scope: 'openid',
      audience: API_AUDIENCE,
    });
    const { user_code: userCode } = (await started.json()) as { user_code: string };
    await checked(
      browse(
        server,
        jar,
        '/activate',
        formPost({ csrf: hiddenField(entry, 'csrf'), user_code: userCode }),
      ),
    );
    const alice = `/dashboard/users/${encodeURIComponent(ALICE.sub)}`;
    for (const path of ['/dashboard', '/dashboard/users', alice])
      await checked(browse(server, jar, path));
    const devices = await checked(browse(server, jar, `${alice}/devices`));
    const confirm = /<form method="get" action="([^"]+)">/.exec(devices)?.[1] ?? '';
    expect(confirm).not.toBe('');
    await checked(browse(server, jar, confirm));
  });
});
