import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const START = ['--import', 'tsx', 'scripts/start.ts'];

/** `npm start` is `start.ts --build`: the flags are read before the SPA is built. */
// Each case starts Node with tsx: seconds on a loaded machine, so a generous test timeout.
describe('npm start', { timeout: 60_000 }, () => {
  it('answers --help without building the SPA', async () => {
    const { stdout } = await run(process.execPath, [...START, '--build', '--help']);
    expect(stdout).toMatch(/^Usage: npm start/);
    expect(stdout).not.toMatch(/building|built in/i);
  });

  it('refuses a bad flag with the usage text, without building the SPA', async () => {
    const failure = await run(process.execPath, [...START, '--build', '--prot', '1']).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    const { stdout, stderr } = failure as { stdout: string; stderr: string };
    expect(stderr).toMatch(/Unknown option '--prot'[\s\S]*Usage: npm start/);
    expect(`${stdout}${stderr}`).not.toMatch(/building|built in/i);
  });
});
