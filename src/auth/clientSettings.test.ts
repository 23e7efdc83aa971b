import { describe, expect, it } from 'vitest';
import {
  ClientSettingsError,
  DEFAULT_RUNTIME_SETTINGS,
  readClientSettings,
} from './clientSettings.ts';

const SPA = 'http://localhost:5173';

const problemsOf = (raw: unknown): readonly string[] => {
  try {
    readClientSettings(raw, SPA);
  } catch (error) {
    expect(error).toBeInstanceOf(ClientSettingsError);
    return (error as ClientSettingsError).problems;
  }
  throw new Error('expected the settings to be refused');
};

describe('readClientSettings', () => {
  it('uses the contract defaults when /config.js set nothing', () => {
    const settings = readClientSettings(undefined, SPA);
    expect(settings).toMatchObject({
      authority: 'http://localhost:4400/',
      issuer: 'http://localhost:4400/',
      clientId: 'silent-auth-lab-spa',
      audience: 'http://localhost:4401/',
      scope: 'openid profile email read:profile read:orders',
      apiUrl: 'http://localhost:4401',
      signInMode: 'code',
      silentTransport: 'iframe',
      dpop: true,
    });
  });

  it('takes DPoP off from /config.js, and refuses anything but true or false', () => {
    expect(readClientSettings({ dpop: false }, SPA).dpop).toBe(false);
    expect(problemsOf({ dpop: 'yes' })).toEqual(['"dpop" must be true or false, got "yes"']);
  });

  it('takes the deprecated implicit flow from /config.js, which renews by web_message only', () => {
    const settings = readClientSettings({ signInMode: 'implicit', silentTransport: 'iframe' }, SPA);
    expect(settings.signInMode).toBe('implicit');
    expect(settings.silentTransport).toBe('web_message');
    expect(readClientSettings({ signInMode: 'code' }, SPA).silentTransport).toBe('iframe');
    expect(problemsOf({ signInMode: 'hybrid' })).toEqual([
      '"signInMode" must be one of "code", "implicit", got "hybrid"',
    ]);
  });

  it('refuses offline_access in the implicit flow too', () => {
    expect(problemsOf({ signInMode: 'implicit', scope: 'openid offline_access' })).toEqual([
      '"scope" must not include "offline_access": this SPA never requests a refresh token',
    ]);
  });

  it('derives the registered URLs from the SPA origin', () => {
    const settings = readClientSettings({}, 'http://localhost:5173/some/page?x=1');
    expect(settings.spaOrigin).toBe('http://localhost:5173');
    expect(settings.redirectUri).toBe('http://localhost:5173/callback');
    expect(settings.silentRedirectUri).toBe('http://localhost:5173/silent-callback.html');
    expect(settings.postLogoutRedirectUri).toBe('http://localhost:5173/');
  });

  it('takes overrides and writes the issuer with its trailing slash', () => {
    const settings = readClientSettings(
      {
        authority: 'http://127.0.0.1:4500',
        apiUrl: 'http://localhost:4501/',
        silentTransport: 'web_message',
      },
      SPA,
    );
    expect(settings.authority).toBe('http://127.0.0.1:4500');
    expect(settings.issuer).toBe('http://127.0.0.1:4500/');
    expect(settings.apiUrl).toBe('http://localhost:4501');
    expect(settings.silentTransport).toBe('web_message');
    expect(settings.clientId).toBe(DEFAULT_RUNTIME_SETTINGS.clientId);
  });

  it('refuses something that is not an object', () => {
    expect(problemsOf('http://localhost:4400')).toEqual([
      'expected an object, got the string "http://localhost:4400"',
    ]);
    expect(problemsOf([1])).toEqual(['expected an object, got an array']);
  });

  it('names every bad setting in one error', () => {
    const problems = problemsOf({
      authority: 'localhost:4400',
      clientId: '',
      renewBeforeExpirySeconds: '30',
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^"authority" must be an (absolute|http\(s\)) URL/);
    expect(problems[1]).toBe('"clientId" must be a non-empty string');
    expect(problems[2]).toMatch(/^"renewBeforeExpirySeconds" must be a number of seconds/);
  });

  it('refuses an unknown setting, which is usually a typo', () => {
    expect(problemsOf({ clientID: 'x' })[0]).toMatch(
      /^unknown setting "clientID" \(known: authority, clientId/,
    );
  });

  it('refuses a scope that asks for a refresh token', () => {
    expect(problemsOf({ scope: 'openid offline_access' })).toEqual([
      '"scope" must not include "offline_access": this SPA never requests a refresh token',
    ]);
  });

  it('refuses a scope without openid', () => {
    expect(problemsOf({ scope: 'read:profile' })).toEqual(['"scope" must include "openid"']);
  });

  it('refuses non-http URLs and unknown transports', () => {
    expect(problemsOf({ apiUrl: 'javascript:alert(1)', silentTransport: 'popup' })).toEqual([
      '"apiUrl" must be an http(s) URL, got "javascript:alert(1)"',
      '"silentTransport" must be one of "iframe", "web_message", "fedcm", got "popup"',
    ]);
  });

  it('says where the settings come from', () => {
    expect(() => readClientSettings({ clientId: 3 }, SPA)).toThrow(
      'Invalid runtime settings in window.__SILENT_AUTH_LAB__ (set by /config.js): "clientId" must be a non-empty string',
    );
  });
});
