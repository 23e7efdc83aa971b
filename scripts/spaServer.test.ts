import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSpaServer, renderConfigScript } from './spaServer.ts';

const config = {
  authority: 'http://localhost:4400/',
  clientId: 'silent-auth-lab-spa',
  audience: 'http://localhost:4401/',
  scope: 'openid',
  apiUrl: 'http://localhost:4401',
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'spa-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>lab</title>');
  await writeFile(join(root, 'app.js'), 'console.log(1)');
});

describe('createSpaServer', () => {
  it('serves the runtime config as a script', async () => {
    const res = await createSpaServer({ root, config }).request('/config.js');
    expect(res.headers.get('Content-Type')).toContain('javascript');
    expect(await res.text()).toBe(renderConfigScript(config));
  });

  it('serves files and falls back to index.html for client routes', async () => {
    const app = createSpaServer({ root, config });
    expect(await (await app.request('/app.js')).text()).toBe('console.log(1)');
    const page = await app.request('/profile', { headers: { Accept: 'text/html' } });
    expect(await page.text()).toContain('<title>lab</title>');
  });

  it('answers 404 for a missing asset instead of HTML', async () => {
    const res = await createSpaServer({ root, config }).request('/missing.js');
    expect(res.status).toBe(404);
  });

  it('cannot be broken out of the script by a config value', () => {
    const script = renderConfigScript({ ...config, scope: '</script><script>alert(1)' });
    expect(script).not.toContain('</script>');
  });
});
