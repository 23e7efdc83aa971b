import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliOptions } from './cliOptions.ts';

describe('parseCliOptions', () => {
  it('has defaults', () => {
    expect(parseCliOptions([])).toEqual({
      port: 4400,
      host: 'localhost',
      spaOrigin: 'http://localhost:5173',
      apiAudience: undefined,
      control: true,
      help: false,
    });
  });

  it('reads flags before environment variables', () => {
    expect(parseCliOptions(['--port', '4499'], { AUTH_PORT: '5000' }).port).toBe(4499);
    expect(parseCliOptions([], { AUTH_PORT: '5000' }).port).toBe(5000);
    expect(parseCliOptions(['--spa-origin', 'http://127.0.0.1:3000/']).spaOrigin).toBe(
      'http://127.0.0.1:3000',
    );
  });

  it('turns the control API off with --no-control', () => {
    expect(parseCliOptions(['--no-control']).control).toBe(false);
  });

  it.each([
    [['--port', 'abc'], {}, '--port'],
    [['--port', '70000'], {}, '--port'],
    [[], { AUTH_PORT: 'x' }, 'AUTH_PORT'],
    [['--spa-origin', 'localhost:5173'], {}, '--spa-origin'],
    [['--bogus'], {}, 'bogus'],
  ])('refuses %j %j naming %s', (argv, env, name) => {
    expect(() => parseCliOptions(argv, env)).toThrow(CliUsageError);
    expect(() => parseCliOptions(argv, env)).toThrow(name);
  });
});
