import { describe, expect, it } from 'vitest';
import { type ClientConfig, parseAuthServerConfig } from '../config.ts';
import { isRegisteredRedirectUri } from './redirectUri.ts';

const [native, spa] = parseAuthServerConfig({
  clients: [
    {
      clientId: 'native',
      type: 'native',
      redirectUris: ['http://127.0.0.1/callback', 'http://[::1]/cb', 'com.example.app:/callback'],
    },
    { clientId: 'spa', type: 'spa', redirectUris: ['http://127.0.0.1/callback'] },
  ],
}).clients as [ClientConfig, ClientConfig];

describe('isRegisteredRedirectUri', () => {
  it('lets a native app use any port on a registered loopback IP redirect (RFC 8252 §7.3)', () => {
    expect(isRegisteredRedirectUri(native, 'http://127.0.0.1/callback')).toBe(true);
    expect(isRegisteredRedirectUri(native, 'http://127.0.0.1:51234/callback')).toBe(true);
    expect(isRegisteredRedirectUri(native, 'http://[::1]:8080/cb')).toBe(true);
    expect(isRegisteredRedirectUri(native, 'com.example.app:/callback')).toBe(true);
  });

  it.each([
    ['another path', 'http://127.0.0.1:51234/callback/evil'],
    ['a query', 'http://127.0.0.1:51234/callback?x=1'],
    ['localhost (not a loopback IP literal)', 'http://localhost:51234/callback'],
    ['https', 'https://127.0.0.1:51234/callback'],
    ['another host', 'http://127.0.0.2:51234/callback'],
    ['user info', 'http://user@127.0.0.1:51234/callback'],
    ['dot segments', 'http://127.0.0.1:51234/x/../callback'],
    ['another custom scheme path', 'com.example.app:/other'],
  ])('refuses a loopback look-alike: %s', (_, uri) => {
    expect(isRegisteredRedirectUri(native, uri)).toBe(false);
  });

  it('keeps exact matching for other client types', () => {
    expect(isRegisteredRedirectUri(spa, 'http://127.0.0.1/callback')).toBe(true);
    expect(isRegisteredRedirectUri(spa, 'http://127.0.0.1:51234/callback')).toBe(false);
  });
});
