import { describe, expect, it } from 'vitest';
import { CLI_FLAGS, CLI_USAGE, CliUsageError, parseCliOptions } from './cliOptions.ts';

describe('parseCliOptions', () => {
  it('leaves unset what neither flags nor environment set', () => {
    expect(parseCliOptions([])).toEqual({
      config: undefined,
      port: undefined,
      host: undefined,
      spaOrigin: undefined,
      apiAudience: undefined,
      control: undefined,
      controlToken: undefined,
      help: false,
    });
  });

  it('reads flags before environment variables', () => {
    expect(parseCliOptions(['--port', '4499'], { AUTH_PORT: '5000' }).port).toBe(4499);
    expect(parseCliOptions([], { AUTH_PORT: '5000' }).port).toBe(5000);
    expect(parseCliOptions(['--spa-origin', 'http://127.0.0.1:3000/']).spaOrigin).toBe(
      'http://127.0.0.1:3000',
    );
    expect(parseCliOptions(['--config', 'a.json'], { AUTH_CONFIG: 'b.json' }).config).toBe(
      'a.json',
    );
    expect(parseCliOptions([], { AUTH_CONFIG: 'b.json', AUTH_HOST: '0.0.0.0' })).toMatchObject({
      config: 'b.json',
      host: '0.0.0.0',
    });
    expect(parseCliOptions(['--control-token', 'a'], { CONTROL_TOKEN: 'b' }).controlToken).toBe(
      'a',
    );
    expect(parseCliOptions([], { CONTROL_TOKEN: 'b' }).controlToken).toBe('b');
  });

  it('turns the control API off or on, by flag or AUTH_CONTROL', () => {
    expect(parseCliOptions(['--no-control']).control).toBe(false);
    expect(parseCliOptions(['--control'], { AUTH_CONTROL: 'off' }).control).toBe(true);
    expect(parseCliOptions([], { AUTH_CONTROL: 'off' }).control).toBe(false);
    expect(parseCliOptions([], { AUTH_CONTROL: 'on' }).control).toBe(true);
  });

  it.each([
    [['--port', 'abc'], {}, '--port'],
    [['--port', '70000'], {}, '--port'],
    [[], { AUTH_PORT: 'x' }, 'AUTH_PORT'],
    [['--spa-origin', 'localhost:5173'], {}, '--spa-origin'],
    [['--bogus'], {}, 'bogus'],
    [[], { AUTH_CONTROL: 'maybe' }, 'AUTH_CONTROL'],
    [['--control', '--no-control'], {}, '--no-control'],
    [['--no-control', '--control-token', 't'], {}, 'control token'],
    [['--control-token', ' '], {}, '--control-token'],
  ])('refuses %j %j naming %s', (argv, env, name) => {
    expect(() => parseCliOptions(argv, env)).toThrow(CliUsageError);
    expect(() => parseCliOptions(argv, env)).toThrow(name);
  });
});

describe('CLI_USAGE', () => {
  it('lists every flag with its environment variable', () => {
    for (const { flag, env } of CLI_FLAGS) {
      expect(CLI_USAGE).toContain(`--${flag}`);
      if (env) expect(CLI_USAGE).toContain(`[env ${env}]`);
    }
    for (const env of [
      'AUTH_CONFIG',
      'AUTH_PORT',
      'AUTH_HOST',
      'SPA_ORIGIN',
      'API_AUDIENCE',
      'CONTROL_TOKEN',
    ]) {
      expect(CLI_USAGE).toContain(env);
    }
  });
});
