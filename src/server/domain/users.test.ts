import { describe, expect, it } from 'vitest';
import { parseAuthServerConfig, seedConfig } from '../config.ts';
import { createRegistry } from './registry.ts';
import { authenticateUser } from './users.ts';

const registry = createRegistry(parseAuthServerConfig(seedConfig()));

describe('authenticateUser', () => {
  it('accepts the right password, whatever the email’s case', () => {
    expect(authenticateUser(registry, 'Alice@Example.com', 'wonderland')?.userId).toBe(
      'auth0|alice',
    );
  });

  it('refuses a wrong password and an unknown email alike', () => {
    expect(authenticateUser(registry, 'alice@example.com', 'Wonderland')).toBeUndefined();
    expect(authenticateUser(registry, 'alice@example.com', '')).toBeUndefined();
    expect(authenticateUser(registry, 'nobody@example.com', 'wonderland')).toBeUndefined();
  });

  it('refuses another user’s password', () => {
    expect(authenticateUser(registry, 'alice@example.com', 'builder')).toBeUndefined();
  });
});
