/**
 * The experiments that need no browser window, run against the real bundled server in process
 * (app.request, no sockets), with the Origin header a browser puts on the SPA's requests.
 */
import { describe, expect, it } from 'vitest';
import type { AuthStore } from '../auth/authStore.ts';
import { readClientSettings } from '../auth/clientSettings.ts';
import { sessionFor } from '../auth/testSupport/testTokens.ts';
import { NATIVE_CLIENT_ID } from '../protocol/defaults.ts';
import {
  ALICE,
  createTestServer,
  refreshWith,
  SPA_ORIGIN,
  signInNative,
} from '../server/testSupport/testServer.ts';
import { nativeAppRefreshToken } from './experiments/nativeAppRefreshToken.ts';
import {
  MAX_REQUESTS,
  rateLimitedTokenEndpoint,
  retryAfterSeconds,
  tallyAnswers,
} from './experiments/rateLimitedTokenEndpoint.ts';
import { refreshGrantFromBrowser } from './experiments/refreshGrantFromBrowser.ts';
import type { LabEnvironment } from './labEnvironment.ts';

const settings = readClientSettings(undefined, SPA_ORIGIN);

function environment(
  fetch: typeof globalThis.fetch,
  sub: string | null = ALICE.sub,
): LabEnvironment {
  const state = { session: sub ? sessionFor({ sub }) : null };
  return {
    settings,
    auth: { getState: () => state } as unknown as AuthStore,
    fetch,
    now: Date.now,
    window: undefined as unknown as Window,
    document: undefined as unknown as Document,
  };
}

/** The server's fetch, as this page's browser would call it: with the SPA's Origin. */
function browserFetch({ server }: ReturnType<typeof createTestServer>): typeof globalThis.fetch {
  return (async (input: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('origin', SPA_ORIGIN);
    if (init.body instanceof URLSearchParams)
      headers.set('content-type', 'application/x-www-form-urlencoded');
    return server.app.request(String(input), {
      ...init,
      headers,
      body: init.body ? String(init.body) : null,
    });
  }) as typeof globalThis.fetch;
}

describe('experiment 2: grant_type=refresh_token from the browser', () => {
  it('is refused twice with unauthorized_client: as a SPA, and as any client from a browser', async () => {
    const record = await refreshGrantFromBrowser.run(environment(browserFetch(createTestServer())));
    expect(record.outcome).toMatchObject({ verdict: 'confirmed', code: 'unauthorized_client' });
    expect(record.steps.map((step) => step.response)).toEqual([
      expect.objectContaining({
        kind: 'http',
        body: expect.objectContaining({
          error: 'unauthorized_client',
          error_description: expect.stringMatching(/single-page application/),
        }),
      }),
      expect.objectContaining({
        kind: 'http',
        body: expect.objectContaining({
          error: 'unauthorized_client',
          error_description: expect.stringContaining(`(the request came from ${SPA_ORIGIN})`),
        }),
      }),
    ]);
  });
});

describe('experiment 10: the native app comparison', () => {
  it('finds the native app’s refresh token, revokes it, and the app’s next refresh fails', async () => {
    const test = createTestServer();
    const tokens = await signInNative(test.server);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const record = await nativeAppRefreshToken.run(environment(browserFetch(test)));
    expect(record.outcome).toMatchObject({ verdict: 'confirmed', code: 'revoked' });
    expect(JSON.stringify(record)).not.toContain(tokens.refresh_token);
    expect(JSON.stringify(record)).not.toContain('DO-NOT-USE-IN-PRODUCTION');

    const refreshed = await refreshWith(test.server, tokens.refresh_token ?? '');
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('says what to run first when the native app holds no refresh token for this user', async () => {
    const test = createTestServer();
    await signInNative(test.server);
    const record = await nativeAppRefreshToken.run(environment(browserFetch(test), 'auth0|bob'));
    expect(record.outcome).toMatchObject({ verdict: 'precondition', code: 'no_native_token' });
    expect(record.followUp).toMatchObject({
      kind: 'run-command',
      command: 'npm run native-demo -- login',
    });
    expect(record.steps.at(-1)?.request?.url).toContain(`client_id=${NATIVE_CLIENT_ID}`);
  });
});

describe('experiment 9: hammering the token endpoint', () => {
  /** A token endpoint that refuses every request, and answers 429 past `limit` per token. */
  function limitedEndpoint(limit: number, exposeRetryAfter: boolean) {
    const seen = new Map<string, number>();
    let requests = 0;
    const fetch = (async (_input: string, init: RequestInit = {}) => {
      requests++;
      const token = new URLSearchParams(String(init.body)).get('refresh_token') ?? '';
      const count = (seen.get(token) ?? 0) + 1;
      seen.set(token, count);
      if (count > limit) {
        return new Response(
          JSON.stringify({
            error: 'too_many_requests',
            error_description: `at most ${limit} in 60 s; retry in 42 s`,
          }),
          {
            status: 429,
            headers: exposeRetryAfter ? { 'retry-after': '42' } : {},
          },
        );
      }
      return new Response(JSON.stringify({ error: 'unauthorized_client' }), { status: 400 });
    }) as unknown as typeof globalThis.fetch;
    return { fetch, requests: () => requests };
  }

  it('stops at the first 429 and reports Retry-After', async () => {
    const endpoint = limitedEndpoint(30, true);
    const record = await rateLimitedTokenEndpoint.run(environment(endpoint.fetch));
    expect(endpoint.requests()).toBe(31);
    expect(record.outcome).toMatchObject({ verdict: 'confirmed', code: 'too_many_requests' });
    expect(record.outcome.summary).toContain('retry after 42 s');
    expect(record.steps[1]?.observations?.[0]?.value).toBe('30× 400 unauthorized_client');
  });

  it('reads the wait from the description when CORS hides the header', async () => {
    const record = await rateLimitedTokenEndpoint.run(environment(limitedEndpoint(3, false).fetch));
    expect(record.outcome.code).toBe('too_many_requests');
    expect(record.steps.at(-1)?.observations?.[0]?.value).toMatch(
      /42 s \(from the error description/,
    );
  });

  it(`gives up after ${MAX_REQUESTS} requests and says no 429 came`, async () => {
    const endpoint = limitedEndpoint(1_000, true);
    const record = await rateLimitedTokenEndpoint.run(environment(endpoint.fetch));
    expect(endpoint.requests()).toBe(MAX_REQUESTS);
    expect(record.outcome).toMatchObject({ verdict: 'contradicted', code: 'no_429' });
  });

  it('tallies answers and finds the wait', () => {
    expect(
      tallyAnswers([
        { status: 400, error: 'x' },
        { status: 400, error: 'x' },
        { status: null, error: null },
      ]),
    ).toBe('2× 400 x, 1× no answer');
    expect(retryAfterSeconds({ headers: new Headers({ 'retry-after': '9' }), body: null })).toEqual(
      { seconds: 9, from: 'header' },
    );
    expect(retryAfterSeconds({ headers: null, body: {} })).toEqual({ seconds: null, from: null });
  });
});
