import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { createTestDomain } from '../testSupport/testServer.ts';
import { everyRequest } from './everyRequest.ts';

/** A tiny app behind everyRequest: /echo answers with the cookie it saw and sets one. */
function appFor(domain: ReturnType<typeof createTestDomain>) {
  const app = new Hono();
  app.use(everyRequest(domain));
  app.get('/echo', (c) => {
    c.header('set-cookie', 'seen=1');
    return c.text(c.req.header('cookie') ?? 'no cookie');
  });
  app.get('/__control/state', (c) => c.text('control'));
  return app;
}

describe('everyRequest', () => {
  it('logs a request before its route answers and completes the entry from the answer', async () => {
    const domain = createTestDomain();
    const app = appFor(domain);
    const response = await app.request('/echo?x=1', { headers: { 'sec-fetch-dest': 'iframe' } });
    expect(response.status).toBe(200);
    const [entry] = domain.requestLog.list();
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/echo',
      query: { x: '1' },
      status: 200,
      secFetchDest: 'iframe',
    });
    expect(entry?.durationMs).toBeTypeOf('number');
  });

  it('leaves the control API out of the log, the faults and the cookie blocking', async () => {
    const domain = createTestDomain();
    domain.faults.add({ path: '*', query: {}, remaining: null, fault: { type: 'hang' } });
    const response = await appFor(domain).request('/__control/state');
    expect(await response.text()).toBe('control');
    expect(domain.requestLog.list()).toEqual([]);
  });

  it("answers a forced error instead of the route, in the endpoint's shape, and logs the fault", async () => {
    const domain = createTestDomain();
    domain.faults.add({
      path: '/echo',
      query: {},
      remaining: 1,
      fault: { type: 'error', error: 'server_error' },
    });
    const app = appFor(domain);
    const forced = await app.request('/echo');
    expect(forced.status).toBe(500);
    expect(await forced.json()).toMatchObject({ error: 'server_error' });
    expect(domain.requestLog.list()[0]).toMatchObject({ status: 500, fault: 'error server_error' });
    expect((await app.request('/echo')).status).toBe(200);
  });

  it('hides the cookies of a request a blocking browser would send without them, and drops the ones set', async () => {
    const domain = createTestDomain();
    domain.cookieBlocking.set('all-framed');
    const app = appFor(domain);
    const framed = await app.request('/echo', {
      headers: { cookie: 'session=abc', 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'same-site' },
    });
    expect(await framed.text()).toBe('no cookie');
    expect(framed.headers.get('set-cookie')).toBeNull();
    expect(domain.requestLog.list()[0]).toMatchObject({ cookiesIgnored: true });
    const topLevel = await app.request('/echo', {
      headers: { cookie: 'session=abc', 'sec-fetch-dest': 'document' },
    });
    expect(await topLevel.text()).toBe('session=abc');
  });

  it('purges expired state at most every 30 s, on the next request', async () => {
    const domain = createTestDomain();
    const purge = vi.spyOn(domain.store, 'purgeExpired');
    const app = appFor(domain);
    await app.request('/echo');
    domain.clock.advance(29_999);
    await app.request('/echo');
    expect(purge).not.toHaveBeenCalled();
    domain.clock.advance(1);
    await app.request('/echo');
    expect(purge).toHaveBeenCalledTimes(1);
    expect(purge).toHaveBeenCalledWith(domain.clock.now());
  });
});
