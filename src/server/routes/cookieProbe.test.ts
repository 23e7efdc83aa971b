import { describe, expect, it } from 'vitest';
import { browse, CookieJar, createTestServer, SPA_ORIGIN } from '../testSupport/testServer.ts';

const probe = `/cookie-probe?origin=${encodeURIComponent(SPA_ORIGIN)}`;

const message = (html: string) =>
  JSON.parse(/var message = (.*);/.exec(html)?.[1] ?? 'null') as { type: string; cookies: boolean };

describe('cookie probe', () => {
  it('reports cookies: true when the probe cookie comes back', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const first = await browse(server, jar, probe);
    expect(first.status).toBe(302);
    const cookie = first.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/SameSite=None/);
    expect(cookie).toMatch(/Secure/);
    const check = await browse(server, jar, first.headers.get('location') ?? '');
    const html = await check.text();
    expect(message(html)).toEqual({ type: 'cookie_probe', cookies: true });
    expect(html).toContain(`var targetOrigin = "${SPA_ORIGIN}"`);
    expect(check.headers.get('content-security-policy')).toContain(`frame-ancestors ${SPA_ORIGIN}`);
  });

  it('reports cookies: false when the browser dropped the cookie', async () => {
    const { server } = createTestServer();
    const first = await browse(server, new CookieJar(), probe);
    const check = await browse(server, new CookieJar(), first.headers.get('location') ?? '');
    expect(message(await check.text())).toEqual({ type: 'cookie_probe', cookies: false });
  });

  it('answers only registered web origins', async () => {
    const { server } = createTestServer();
    for (const path of ['/cookie-probe', '/cookie-probe/check']) {
      const response = await browse(server, new CookieJar(), `${path}?origin=https://evil.example`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});
