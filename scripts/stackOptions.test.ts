import { describe, expect, it } from 'vitest';
import { parseStackOptions, StackOptionsError } from './stackOptions.ts';

describe('parseStackOptions', () => {
  it('uses the default ports', () => {
    expect(parseStackOptions([], {})).toEqual({
      authPort: 4400,
      apiPort: 4401,
      spaPort: 5173,
      dev: false,
      control: true,
      lifetimes: 'demo',
      build: false,
    });
  });

  it("gives Auth0's default lifetimes on --auth0-lifetimes, and builds on --build", () => {
    expect(parseStackOptions(['--auth0-lifetimes', '--build'], {})).toMatchObject({
      lifetimes: 'auth0',
      build: true,
    });
  });

  it('lets flags win over environment variables', () => {
    const options = parseStackOptions(['--auth-port', '4500'], {
      AUTH_PORT: '4600',
      SPA_PORT: '5200',
    });
    expect(options).toMatchObject({ authPort: 4500, spaPort: 5200 });
  });

  it('names the flag and the variable when a port is not a number', () => {
    expect(() => parseStackOptions([], { API_PORT: 'abc' })).toThrow(
      '--api-port / API_PORT must be a port number from 1 to 65535, got "abc".',
    );
  });

  it('refuses an unknown flag with the usage text', () => {
    expect(() => parseStackOptions(['--prot', '1'], {})).toThrow(StackOptionsError);
    expect(() => parseStackOptions(['--prot', '1'], {})).toThrow(/Usage: npm start/);
  });

  it('turns the control API off', () => {
    expect(parseStackOptions(['--no-control'], {})).toMatchObject({ control: false });
  });
});
