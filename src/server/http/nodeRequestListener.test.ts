import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { listenFetch, type RunningAuthServer } from '../listen.ts';

const running: RunningAuthServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function serve(app: Hono): Promise<RunningAuthServer> {
  const server = await listenFetch(app.fetch, { port: 0, hostname: '127.0.0.1' });
  running.push(server);
  return server;
}

/** One request as raw bytes, the whole answer as text (the connection closes after it). */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

// Sockets on loopback: what is under test is the Node side of a request.
describe('nodeRequestListener', () => {
  it('writes a string answer with its length and headers, not chunked', async () => {
    const app = new Hono().get('/doc', (c) => c.json({ ok: true }, 201, { 'X-Kind': 'doc' }));
    const { port } = await serve(app);
    const answer = await rawExchange(
      port,
      `GET /doc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(answer).toMatch(/\r\ncontent-length: 11\r\n/i);
    expect(answer).toMatch(/\r\nx-kind: doc\r\n/i);
    expect(answer).not.toMatch(/transfer-encoding/i);
    expect(answer.endsWith('\r\n\r\n{"ok":true}')).toBe(true);
  });

  it('refuses a Host header that is not an authority, and a backslash in the path, with 400', async () => {
    let reached = 0;
    const app = new Hono().all('*', (c) => {
      reached++;
      return c.text('routed');
    });
    const { port } = await serve(app);
    const badHost = await rawExchange(
      port,
      'GET / HTTP/1.1\r\nHost: evil.example/path\r\nConnection: close\r\n\r\n',
    );
    const backslash = await rawExchange(
      port,
      `GET /a\\b HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    expect(badHost).toMatch(/^HTTP\/1\.1 400 /);
    expect(backslash).toMatch(/^HTTP\/1\.1 400 /);
    expect(reached).toBe(0);
  });

  it('gives the handler the body and headers through the web Request when it asks for them', async () => {
    const app = new Hono().post('/echo', async (c) =>
      c.text(`${c.req.header('x-name')}:${await c.req.text()}`),
    );
    const { url } = await serve(app);
    const response = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'X-Name': 'alice' },
      body: 'hello',
    });
    expect(await response.text()).toBe('alice:hello');
  });

  it('writes the headers as they stand once middleware changed them after the route answered', async () => {
    const app = new Hono();
    app.use('*', async (c, next) => {
      await next();
      c.res.headers.delete('set-cookie');
      c.header('X-After', 'yes');
    });
    app.get('/', (c) => {
      c.header('Set-Cookie', 'a=1');
      return c.text('body');
    });
    const { port } = await serve(app);
    const answer = await rawExchange(
      port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).not.toMatch(/set-cookie/i);
    expect(answer).toMatch(/\r\nx-after: yes\r\n/i);
    expect(answer).toMatch(/\r\ncontent-length: 4\r\n/i);
    expect(answer.endsWith('\r\n\r\nbody')).toBe(true);
  });

  it('streams a body that is not all there yet', async () => {
    const app = new Hono().get('/stream', () => {
      const encoder = new TextEncoder();
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (sent === 3) controller.close();
          else controller.enqueue(encoder.encode(`part${sent++};`));
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/plain' } });
    });
    const { url } = await serve(app);
    const response = await fetch(`${url}/stream`);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(await response.text()).toBe('part0;part1;part2;');
  });

  it("leaves fetch's own responses instanceof Response once it has put its own on the global", async () => {
    const { url } = await serve(new Hono().get('/', (c) => c.text('ok')));
    const response = await fetch(url);
    expect(response instanceof Response).toBe(true);
    expect(new Response('light') instanceof Response).toBe(true);
    expect(Object.prototype.toString.call(new Response('light'))).toBe('[object Response]');
  });

  // The cause of a fast command-line start: Node loads undici (20–45 ms here) on the first read
  // of Request, Response or Headers, and nothing on the way to a discovery answer reads them.
  it('starts a server and answers discovery without loading undici', async () => {
    const script = `
      import { request } from 'node:http';
      import { seedConfig } from './src/server/config.ts';
      import { createAuthServer } from './src/server/createAuthServer.ts';
      import { listenAuthServer } from './src/server/listen.ts';
      const server = createAuthServer({ ...seedConfig(), signingKey: { source: 'generate' } });
      const running = await listenAuthServer(server, { port: 0, hostname: '127.0.0.1' });
      const status = await new Promise((resolve) =>
        request(running.url + '/.well-known/openid-configuration', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        }).end(),
      );
      const undici = process.moduleLoadList.filter((name) => name.includes('undici'));
      await running.close();
      console.log(JSON.stringify({ status, undici }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: new URL('../../..', import.meta.url).pathname },
    );
    expect(JSON.parse(stdout)).toEqual({ status: 200, undici: [] });
    // Node with tsx in a child: seconds on a loaded machine; the assertion is about modules, not time.
  }, 90_000);
});
