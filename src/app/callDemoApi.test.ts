import { describe, expect, it } from 'vitest';
import { NoAccessTokenError } from '../auth/authStore.ts';
import { callDemoApi } from './callDemoApi.ts';

const URL = 'http://localhost:4401/api/orders';

describe('callDemoApi', () => {
  it('returns the JSON answer', async () => {
    const fetch = async () => Response.json({ orders: [{ id: 'ord_1001' }] });
    await expect(callDemoApi(fetch, URL)).resolves.toEqual({
      kind: 'ok',
      status: 200,
      body: { orders: [{ id: 'ord_1001' }] },
    });
  });

  it('returns the status and the RFC 6750 error from WWW-Authenticate', async () => {
    const challenge =
      'Bearer realm="demo-api", error="insufficient_scope", error_description="Needs read:orders", scope="read:orders"';
    const fetch = async () =>
      Response.json(
        { error: 'insufficient_scope', error_description: 'body text' },
        { status: 403, statusText: 'Forbidden', headers: { 'WWW-Authenticate': challenge } },
      );
    await expect(callDemoApi(fetch, URL)).resolves.toEqual({
      kind: 'http_error',
      status: 403,
      statusText: 'Forbidden',
      error: 'insufficient_scope',
      description: 'Needs read:orders',
      challenge,
    });
  });

  it('falls back to the JSON error body without a challenge', async () => {
    const fetch = async () =>
      Response.json(
        { error: 'not_found', error_description: 'No such endpoint.' },
        { status: 404 },
      );
    await expect(callDemoApi(fetch, URL)).resolves.toMatchObject({
      kind: 'http_error',
      status: 404,
      error: 'not_found',
      description: 'No such endpoint.',
      challenge: null,
    });
  });

  it('says when no token could be sent', async () => {
    const fetch = async () => Promise.reject(new NoAccessTokenError('expired'));
    await expect(callDemoApi(fetch, URL)).resolves.toEqual({
      kind: 'not_sent',
      message: 'The access token has expired and has not been renewed.',
    });
  });

  it('says when the API cannot be reached', async () => {
    const fetch = async () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(callDemoApi(fetch, URL)).resolves.toEqual({
      kind: 'network_error',
      message: `The API at ${URL} could not be reached (Failed to fetch).`,
    });
  });
});
