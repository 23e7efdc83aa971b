import { describe, expect, it } from 'vitest';
import { loadProviderMetadata } from './loadProviderMetadata.ts';
import { ISSUER, PROVIDER_METADATA } from './testSupport.ts';

const serving = (body: unknown, status = 200) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe('loadProviderMetadata', () => {
  it('reads the endpoints of the issuer', async () => {
    await expect(loadProviderMetadata(ISSUER, serving(PROVIDER_METADATA))).resolves.toEqual(
      PROVIDER_METADATA,
    );
  });

  it('refuses a document that names another issuer (its keys would vouch for it)', async () => {
    const other = { ...PROVIDER_METADATA, issuer: 'http://127.0.0.1:4400/' };
    await expect(loadProviderMetadata(ISSUER, serving(other))).rejects.toMatchObject({
      code: 'discovery_invalid',
    });
  });

  it('refuses an error answer or a document without jwks_uri', async () => {
    await expect(loadProviderMetadata(ISSUER, serving({}, 404))).rejects.toMatchObject({
      code: 'discovery_invalid',
    });
    const { jwks_uri: _, ...withoutKeys } = PROVIDER_METADATA;
    await expect(loadProviderMetadata(ISSUER, serving(withoutKeys))).rejects.toMatchObject({
      code: 'discovery_invalid',
    });
  });
});
