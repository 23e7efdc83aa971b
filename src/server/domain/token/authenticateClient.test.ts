import { describe, expect, it } from 'vitest';
import { parseAuthServerConfig } from '../../config.ts';
import { refusal } from '../../testSupport/testServer.ts';
import { createRegistry } from '../registry.ts';
import { requestParameters } from '../requestParameters.ts';
import { authenticateClient } from './authenticateClient.ts';

const registry = createRegistry(
  parseAuthServerConfig({
    clients: [
      { clientId: 'spa', type: 'spa' },
      { clientId: 'web app', type: 'regular_web', clientSecret: 's3cr=t' },
    ],
  }),
);
const params = (fields: Record<string, string>) => requestParameters(Object.entries(fields));
const basic = (id: string, secret: string) =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

describe('authenticateClient', () => {
  it('identifies a public client by client_id alone', () => {
    expect(authenticateClient(registry, params({ client_id: 'spa' }), undefined).clientId).toBe(
      'spa',
    );
  });

  it('refuses a secret from a public client', () => {
    const error = refusal(() =>
      authenticateClient(registry, params({ client_id: 'spa', client_secret: 'x' }), undefined),
    );
    expect(error.error).toBe('invalid_client');
  });

  it('accepts a confidential client by client_secret_basic or client_secret_post', () => {
    expect(authenticateClient(registry, params({}), basic('web app', 's3cr=t')).clientId).toBe(
      'web app',
    );
    expect(
      authenticateClient(
        registry,
        params({ client_id: 'web app', client_secret: 's3cr=t' }),
        undefined,
      ).clientId,
    ).toBe('web app');
  });

  it('answers a wrong Basic secret with 401 and a challenge', () => {
    const error = refusal(() => authenticateClient(registry, params({}), basic('web app', 'nope')));
    expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(error.wwwAuthenticate).toMatch(/^Basic /);
  });

  it('refuses a confidential client without its secret', () => {
    const error = refusal(() =>
      authenticateClient(registry, params({ client_id: 'web app' }), undefined),
    );
    expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
  });

  it('refuses two authentication methods at once, and disagreeing client ids', () => {
    expect(
      refusal(() =>
        authenticateClient(
          registry,
          params({ client_secret: 's3cr=t' }),
          basic('web app', 's3cr=t'),
        ),
      ).error,
    ).toBe('invalid_request');
    expect(
      refusal(() =>
        authenticateClient(registry, params({ client_id: 'spa' }), basic('web app', 's3cr=t')),
      ).error,
    ).toBe('invalid_request');
  });

  it('refuses a malformed Basic header', () => {
    expect(refusal(() => authenticateClient(registry, params({}), 'Basic !!!')).error).toBe(
      'invalid_client',
    );
  });
});
