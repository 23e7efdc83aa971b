import type { Result } from 'hono/router';
import { describe, expect, it } from 'vitest';
import { DeferredRegExpRouter } from './deferredRegExpRouter.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Handlers and their params, whichever of Hono's two result shapes the router gave. */
function matched(result: Result<string>): [string, Record<string, string>][] {
  const [handlers, stash] = result;
  return handlers.map(([handler, params]) => [
    handler,
    stash
      ? Object.fromEntries(
          Object.entries(params).map(([name, index]) => [name, stash[index as number] ?? '']),
        )
      : { ...(params as Record<string, string>) },
  ]);
}

const ROUTES: [string, string][] = [
  ['ALL', '/*'],
  ['GET', '/.well-known/openid-configuration'],
  ['GET', '/authorize'],
  ['POST', '/authorize'],
  ['ALL', '/oauth/token'],
  ['POST', '/oauth/token'],
  ['GET', '/dashboard/users/:userId'],
  ['POST', '/dashboard/users/:userId/devices/:id/revoke'],
  ['ALL', '/__control/*'],
  ['PATCH', '/__control/users/:userId'],
];

const REQUESTS: [string, string][] = [
  ['GET', '/.well-known/openid-configuration'],
  ['POST', '/authorize'],
  ['GET', '/oauth/token'],
  ['POST', '/oauth/token'],
  ['GET', '/dashboard/users/auth0|alice'],
  ['POST', '/dashboard/users/u1/devices/d2/revoke'],
  ['PATCH', '/__control/users/u1'],
  ['DELETE', '/nowhere'],
];

function routerWith(routes: [string, string][]) {
  const router = new DeferredRegExpRouter<string>();
  for (const [method, path] of routes) router.add(method, path, `${method} ${path}`);
  return router;
}

describe('DeferredRegExpRouter', () => {
  it('matches with the trie first, with the RegExp once the first request is done, alike', async () => {
    const router = routerWith(ROUTES);
    const before = REQUESTS.map(([method, path]) => matched(router.match(method, path)));
    expect(router.name).toBe('DeferredRegExpRouter (TrieRouter)');
    await nextTurn();
    expect(router.name).toBe('DeferredRegExpRouter (RegExpRouter)');
    const after = REQUESTS.map(([method, path]) => matched(router.match(method, path)));
    expect(after).toEqual(before);
    expect(before[4]).toEqual([
      ['ALL /*', {}],
      ['GET /dashboard/users/:userId', { userId: 'auth0|alice' }],
    ]);
  });

  it('stays on the trie for routes the RegExpRouter cannot take', async () => {
    // The same position is a param in one route and a fixed segment in the other, with a wildcard.
    const router = routerWith([
      ['GET', '/:user/*'],
      ['GET', '/users/:id'],
    ]);
    const before = matched(router.match('GET', '/users/42'));
    await nextTurn();
    expect(router.name).toBe('DeferredRegExpRouter (TrieRouter)');
    expect(matched(router.match('GET', '/users/42'))).toEqual(before);
  });

  it('refuses routes added once requests are matched, as Hono does', () => {
    const router = routerWith(ROUTES);
    router.match('GET', '/authorize');
    expect(() => router.add('GET', '/late', 'late')).toThrow(/already built/);
  });
});
