import { describe, expect, it } from 'vitest';
import { sendRecorded } from './sendRecorded.ts';

let clock = 0;
const now = () => (clock += 5);

describe('sendRecorded', () => {
  it('records the form as sent (secrets redacted) and the answer the page could read', async () => {
    let sent: RequestInit | undefined;
    const fetch = (async (_url: string, init: RequestInit) => {
      sent = init;
      return new Response(
        JSON.stringify({ error: 'unauthorized_client', error_description: 'no' }),
        {
          status: 400,
          headers: { 'content-type': 'application/json', 'retry-after': '7' },
        },
      );
    }) as unknown as typeof globalThis.fetch;
    const exchange = await sendRecorded(
      {
        title: 'T',
        url: 'http://auth.test/oauth/token',
        form: { grant_type: 'client_credentials', client_secret: 'shh-secret' },
      },
      { fetch, now },
    );
    expect(String(sent?.body)).toBe('grant_type=client_credentials&client_secret=shh-secret');
    expect(exchange.status).toBe(400);
    expect(exchange.body).toEqual({ error: 'unauthorized_client', error_description: 'no' });
    expect(exchange.step.request).toMatchObject({
      method: 'POST',
      via: 'fetch',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: {
        grant_type: 'client_credentials',
        client_secret: '‹client secret: 10 chars, redacted›',
      },
    });
    expect(exchange.step.response).toMatchObject({
      kind: 'http',
      status: 400,
      headers: { 'retry-after': '7' },
    });
    expect(exchange.step.durationMs).toBe(5);
  });

  it('hides a bearer token in the headers it shows', async () => {
    const fetch = (async () =>
      new Response('[]', { status: 200 })) as unknown as typeof globalThis.fetch;
    const exchange = await sendRecorded(
      {
        title: 'T',
        url: 'http://auth.test/api',
        headers: { Authorization: 'Bearer opaque-access-token' },
      },
      { fetch, now },
    );
    expect(exchange.step.request?.headers?.Authorization).toMatch(
      /^Bearer ‹token sha256:[0-9a-f]{12}›$/,
    );
  });

  it('records a request the browser refused (CORS, network) instead of throwing', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const exchange = await sendRecorded({ title: 'T', url: 'http://auth.test/x' }, { fetch, now });
    expect(exchange.status).toBeNull();
    expect(exchange.step.response).toMatchObject({
      kind: 'none',
      note: expect.stringContaining('Failed to fetch'),
    });
  });

  it('says an opaque answer is hidden, not empty', async () => {
    const opaque = { type: 'opaque', headers: new Headers() } as Response;
    const fetch = (async () => opaque) as unknown as typeof globalThis.fetch;
    const exchange = await sendRecorded(
      { title: 'T', url: 'http://auth.test/v2/logout', mode: 'no-cors' },
      { fetch, now },
    );
    expect(exchange.step.request?.via).toBe('fetch (no-cors)');
    expect(exchange.step.response).toMatchObject({ kind: 'opaque' });
  });
});
