import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNTIME_SETTINGS } from '../src/auth/clientSettings.ts';
import { renewalDueAt } from '../src/auth/tokenExpiry.ts';
import { parseAuthServerConfig } from '../src/server/config.ts';
import { stackServerConfig } from './startStack.ts';

const PORTS = { auth: 4400, api: 4401, spa: 5173 };

describe('stackServerConfig', () => {
  it('gives npm start short lifetimes: the SPA renews about a minute after signing in', () => {
    const config = parseAuthServerConfig(
      stackServerConfig(PORTS, { control: true, lifetimes: 'demo' }),
    );
    const receivedAt = 0;
    const due = renewalDueAt(
      { receivedAt, accessTokenExpiresAt: config.lifetimes.accessTokenSeconds * 1000 },
      DEFAULT_RUNTIME_SETTINGS.renewBeforeExpirySeconds,
    );
    expect(due).toBe(60_000);
    expect(config.lifetimes.idTokenSeconds).toBe(config.lifetimes.accessTokenSeconds);
  });

  it("keeps Auth0's default lifetimes (24 h access token, 10 h ID token) on --auth0-lifetimes", () => {
    const config = parseAuthServerConfig(
      stackServerConfig(PORTS, { control: true, lifetimes: 'auth0' }),
    );
    expect(config.lifetimes).toMatchObject({ accessTokenSeconds: 86_400, idTokenSeconds: 36_000 });
  });

  it('passes the control API switch through', () => {
    expect(stackServerConfig(PORTS, { control: false, lifetimes: 'demo' }).control).toBe(false);
  });
});
