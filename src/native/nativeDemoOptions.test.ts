import { describe, expect, it } from 'vitest';
import { NativeDemoUsageError, parseNativeDemoOptions } from './nativeDemoOptions.ts';

const defaults = { cwd: '/project', hostname: 'my-laptop' };
const parse = (...argv: string[]) => parseNativeDemoOptions(argv, defaults);

describe('parseNativeDemoOptions', () => {
  it('has defaults for the bundled stack', () => {
    expect(parse('login')).toEqual({
      command: 'login',
      issuer: 'http://localhost:4400/',
      api: 'http://localhost:4401',
      audience: 'http://localhost:4401/',
      device: 'native-demo on my-laptop',
      openBrowser: true,
      dataDir: '/project/.data/native-demo',
    });
  });

  it.each(['login', 'refresh', 'status', 'call-api', 'logout', 'help'])('knows %s', (command) => {
    expect(parse(command).command).toBe(command);
  });

  it('reads every option, before or after the command', () => {
    expect(
      parse(
        '--issuer',
        'http://127.0.0.1:4410',
        'refresh',
        '--api=http://localhost:4411/',
        '--device',
        ' Work laptop ',
        '--no-browser',
        '--data-dir',
        'tmp/tokens',
      ),
    ).toEqual({
      command: 'refresh',
      issuer: 'http://127.0.0.1:4410/',
      api: 'http://localhost:4411',
      audience: 'http://localhost:4411/',
      device: 'Work laptop',
      openBrowser: false,
      dataDir: '/project/tmp/tokens',
    });
  });

  it('accepts an https issuer anywhere', () => {
    expect(parse('status', '--issuer', 'https://tenant.example.com/').issuer).toBe(
      'https://tenant.example.com/',
    );
  });

  it('takes --help or -h as the help command', () => {
    expect(parse('--help').command).toBe('help');
    expect(parse('-h').command).toBe('help');
    expect(parse('login', '--help').command).toBe('help');
  });

  it.each([
    [[], 'Which command?'],
    [['signin'], 'Unknown command "signin"'],
    [['login', 'now'], 'Unexpected argument "now"'],
    [['login', '--verbose'], "'--verbose'"],
    [['login', '--issuer'], '--issuer'],
    [['login', '--issuer', 'localhost:4400'], '--issuer must be an http(s) origin'],
    [['login', '--issuer', 'ftp://localhost:4400/'], '--issuer must be an http(s) origin'],
    [['login', '--issuer', 'http://localhost:4400/tenant'], '--issuer must be an http(s) origin'],
    [['login', '--issuer', 'http://localhost:4400/?x=1'], '--issuer must be an http(s) origin'],
    [['login', '--api', 'not a url'], '--api must be an http(s) origin'],
    [['login', '--device', '   '], '--device must be a name'],
    [['login', '--device', 'a\nb'], '--device must be a name'],
    [['login', '--device', 'x'.repeat(65)], '--device must be a name'],
    [['login', '--data-dir', ''], '--data-dir must not be empty'],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => parse(...argv)).toThrow(NativeDemoUsageError);
    expect(() => parse(...argv)).toThrow(message);
  });

  it('refuses plain http to another machine: the refresh token would cross the network in clear', () => {
    expect(() => parse('login', '--issuer', 'http://auth.example.com/')).toThrow(
      /--issuer must use https unless it is on this machine/,
    );
    expect(() => parse('call-api', '--api', 'http://api.example.com')).toThrow(
      /--api must use https/,
    );
  });

  it('keeps a long host name out of the default device name', () => {
    const options = parseNativeDemoOptions(['login'], { cwd: '/p', hostname: 'h'.repeat(100) });
    expect(options.device.length).toBeLessThanOrEqual(64);
  });
});
