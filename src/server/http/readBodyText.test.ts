import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { isOAuthError } from '../domain/oauthError.ts';
import { readBodyText } from './readBodyText.ts';

const LIMIT = 16;

function app() {
  const routes = new Hono();
  routes.post('/', async (c) => c.text(await readBodyText(c, LIMIT)));
  routes.onError((error, c) =>
    c.text(
      isOAuthError(error)
        ? `${error.error}: ${error.description}`
        : `${(error as NodeJS.ErrnoException).code}`,
      400,
    ),
  );
  return routes;
}

const post = (body?: string, headers: Record<string, string> = {}) =>
  new Request('http://localhost/', { method: 'POST', headers, body: body ?? null });

/** What @hono/node-server passes: the Node request stream, here without a socket. */
const nodeBindings = (...chunks: string[]) => {
  const incoming = new PassThrough();
  for (const chunk of chunks) incoming.write(chunk);
  incoming.end();
  return { incoming };
};

describe('readBodyText', () => {
  it('reads the body from the Node request stream when there is one', async () => {
    const response = await app().fetch(post(), nodeBindings('a=1', '&b=2'));
    expect(await response.text()).toBe('a=1&b=2');
  });

  it('takes a body that has all arrived (the parser saw the whole message) in one read, and the stream ends', async () => {
    const bindings = nodeBindings('\uFEFFa=1', '&b=2');
    Object.assign(bindings.incoming, { complete: true });
    const response = await app().fetch(post(), bindings);
    expect(await response.text()).toBe('a=1&b=2');
    if (!bindings.incoming.readableEnded) await once(bindings.incoming, 'end');
    expect(bindings.incoming.readableEnded).toBe(true);
  });

  it('refuses a body that has all arrived over the limit', async () => {
    const bindings = nodeBindings('a'.repeat(LIMIT + 1));
    Object.assign(bindings.incoming, { complete: true });
    const response = await app().fetch(post(), bindings);
    expect(await response.text()).toBe('invalid_request: The request body is too large');
  });

  it('reads an in-process Request, without a byte order mark', async () => {
    const response = await app().request(post('\uFEFFa=é'));
    expect(await response.text()).toBe('a=é');
  });

  it('refuses a body larger than the limit, counted as it arrives', async () => {
    const response = await app().fetch(post(), nodeBindings('a'.repeat(10), 'b'.repeat(10)));
    expect(await response.text()).toBe('invalid_request: The request body is too large');
  });

  it('refuses a body whose declared length is over the limit without reading it', async () => {
    const response = await app().fetch(
      post('x', { 'content-length': String(LIMIT + 1) }),
      nodeBindings('x'),
    );
    expect(await response.text()).toBe('invalid_request: The request body is too large');
  });

  it('refuses an oversized in-process body too', async () => {
    const response = await app().request(post('x'.repeat(LIMIT + 1)));
    expect(await response.text()).toBe('invalid_request: The request body is too large');
  });

  it('reads the Request when the bindings carry no Node stream, only a socket address', async () => {
    const bindings = { incoming: { socket: { remoteAddress: '203.0.113.9' } } };
    const response = await app().fetch(post('a=1'), bindings);
    expect(await response.text()).toBe('a=1');
  });

  it('reads the Request when something already read the Node stream', async () => {
    const bindings = nodeBindings('from the stream');
    bindings.incoming.read();
    const response = await app().fetch(post('from the Request'), bindings);
    expect(await response.text()).toBe('from the Request');
  });

  it('fails as an aborted request when the client hangs up mid-body', async () => {
    const incoming = new PassThrough();
    incoming.write('a=');
    setTimeout(() => incoming.destroy(), 5);
    const response = await app().fetch(post(), { incoming });
    expect(await response.text()).toBe('ECONNRESET');
  });
});
