import { describe, expect, it } from 'vitest';
import { readClientSettings } from './clientSettings.ts';
import { readLabSettings, saveLabSettings, withLabSettings } from './labSettings.ts';

const SPA = 'http://localhost:5183';
const CONFIG = {
  authority: 'http://localhost:4410/',
  clientId: 'silent-auth-lab-spa',
  audience: 'http://localhost:4411/',
  apiUrl: 'http://localhost:4411',
};

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    items,
  };
}

describe('lab settings', () => {
  it('keeps the choices of this tab across reloads, each change added to the others', () => {
    const storage = memoryStorage();
    expect(readLabSettings(storage)).toEqual({});
    saveLabSettings(storage, { silentTransport: 'web_message' });
    saveLabSettings(storage, { authHost: '127.0.0.1' });
    saveLabSettings(storage, { client: 'unframeable' });
    saveLabSettings(storage, { signInMode: 'implicit' });
    expect(readLabSettings(storage)).toEqual({
      silentTransport: 'web_message',
      authHost: '127.0.0.1',
      client: 'unframeable',
      signInMode: 'implicit',
    });
  });

  it('drops what it does not know rather than failing to start', () => {
    const storage = memoryStorage();
    storage.setItem(
      'silent-auth-lab.settings',
      JSON.stringify({
        silentTransport: 'popup',
        signInMode: 'hybrid',
        authHost: 'evil.example',
        client: 'normal',
        x: 1,
      }),
    );
    expect(readLabSettings(storage)).toEqual({ client: 'normal' });
    storage.setItem('silent-auth-lab.settings', '{not json');
    expect(readLabSettings(storage)).toEqual({});
    storage.setItem('silent-auth-lab.settings', 'null');
    expect(readLabSettings(storage)).toEqual({});
  });

  it('points the authority at 127.0.0.1 on the same port: the cross-site case', () => {
    const settings = readClientSettings(withLabSettings(CONFIG, { authHost: '127.0.0.1' }), SPA);
    expect(settings).toMatchObject({
      authority: 'http://127.0.0.1:4410/',
      issuer: 'http://127.0.0.1:4410/',
      // The SPA, its API and its redirect URIs stay where they are.
      audience: 'http://localhost:4411/',
      redirectUri: 'http://localhost:5183/callback',
    });
  });

  it('switches to the seeded client without a web origin, and to the chosen transport', () => {
    const settings = readClientSettings(
      withLabSettings(CONFIG, { client: 'unframeable', silentTransport: 'web_message' }),
      SPA,
    );
    expect(settings).toMatchObject({
      clientId: 'silent-auth-lab-spa-unframeable',
      silentTransport: 'web_message',
      authority: 'http://localhost:4410/',
    });
  });

  it('switches to the deprecated implicit flow, which keeps web_message whatever was chosen', () => {
    const settings = readClientSettings(
      withLabSettings(CONFIG, { signInMode: 'implicit', silentTransport: 'iframe' }),
      SPA,
    );
    expect(settings).toMatchObject({ signInMode: 'implicit', silentTransport: 'web_message' });
    expect(readClientSettings(withLabSettings(CONFIG, {}), SPA).signInMode).toBe('code');
  });

  it('turns DPoP off and on for this tab (on by default)', () => {
    expect(readClientSettings(withLabSettings(CONFIG, {}), SPA).dpop).toBe(true);
    expect(readClientSettings(withLabSettings(CONFIG, { dpop: 'off' }), SPA).dpop).toBe(false);
    expect(
      readClientSettings(withLabSettings({ ...CONFIG, dpop: false }, { dpop: 'on' }), SPA).dpop,
    ).toBe(true);
  });

  it('applies to the defaults when /config.js set nothing', () => {
    const settings = readClientSettings(withLabSettings(undefined, { authHost: '127.0.0.1' }), SPA);
    expect(settings.authority).toBe('http://127.0.0.1:4400/');
  });

  it('leaves broken runtime settings for the settings check to report', () => {
    expect(withLabSettings('oops', { authHost: '127.0.0.1' })).toBe('oops');
    expect(withLabSettings({ authority: 'not a url' }, { authHost: '127.0.0.1' })).toEqual({
      authority: 'not a url',
    });
  });
});
