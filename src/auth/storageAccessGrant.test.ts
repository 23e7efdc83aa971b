import { describe, expect, it } from 'vitest';
import { readStorageAccessGrantMessage, storageAccessGrantUrl } from './storageAccessGrant.ts';

const AUTHORITY = 'http://127.0.0.1:4400/';
const frame = {} as MessageEventSource;
const expected = { authority: AUTHORITY, frame };
const message = (change: Partial<{ origin: string; source: unknown; data: unknown }> = {}) =>
  ({
    origin: 'http://127.0.0.1:4400',
    source: frame,
    data: { type: 'storage_access_grant', outcome: 'granted' },
    ...change,
  }) as Pick<MessageEvent, 'origin' | 'source' | 'data'>;

describe('storageAccessGrantUrl', () => {
  it('names the server’s grant page and the app’s origin', () => {
    expect(storageAccessGrantUrl(AUTHORITY, 'http://localhost:5173/')).toBe(
      'http://127.0.0.1:4400/storage-access?origin=http%3A%2F%2Flocalhost%3A5173',
    );
  });
});

describe('readStorageAccessGrantMessage', () => {
  it.each(['granted', 'denied', 'not_supported'])('reads %s from the grant frame', (outcome) => {
    expect(
      readStorageAccessGrantMessage(
        message({ data: { type: 'storage_access_grant', outcome } }),
        expected,
      ),
    ).toBe(outcome);
  });

  it.each([
    ['another origin', message({ origin: 'http://localhost:4400' })],
    ['another window of the server’s origin', message({ source: {} })],
    ['another type', message({ data: { type: 'authorization_response', outcome: 'granted' } })],
    ['an unknown outcome', message({ data: { type: 'storage_access_grant', outcome: 'maybe' } })],
    ['no data', message({ data: null })],
    ['a string', message({ data: 'granted' })],
  ])('ignores a message from %s', (_, event) => {
    expect(readStorageAccessGrantMessage(event, expected)).toBeNull();
  });

  it('ignores everything while the frame is not there', () => {
    expect(
      readStorageAccessGrantMessage(message(), { authority: AUTHORITY, frame: null }),
    ).toBeNull();
  });
});
