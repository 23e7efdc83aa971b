/**
 * The server's own form posts over a real keep-alive socket: a refused body must not cost the
 * connection its next request (hono/body-limit left the body half-read and @hono/node-server
 * gave up draining it: the next request on that socket was never answered).
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConfig } from '../config.ts';
import { createAuthServer } from '../createAuthServer.ts';
import { listenAuthServer, type RunningAuthServer } from '../listen.ts';
import { testSigningKey } from '../testSupport/testServer.ts';
import { FORM_BODY_LIMIT } from './readForm.ts';

let running: RunningAuthServer;

beforeAll(async () => {
  running = await listenAuthServer(createAuthServer(seedConfig(), { signingKey: testSigningKey }), {
    port: 0,
    hostname: '127.0.0.1',
  });
});
afterAll(() => running?.close());

interface RawResponse {
  status: number;
  headers: Map<string, string>;
}

/** Reads whole responses (Content-Length framed: all of this server's answers here are) off one socket. */
class ResponseReader {
  private buffered = Buffer.alloc(0);
  private ended = false;
  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
    });
    socket.on('close', () => {
      this.ended = true;
    });
  }

  /** The next response, or undefined when the server closed the socket first. */
  async next(): Promise<RawResponse | undefined> {
    for (;;) {
      const response = this.take();
      if (response) return response;
      if (this.ended) return undefined;
      await Promise.race([once(this.socket, 'data'), once(this.socket, 'close')]);
    }
  }

  get closed(): Promise<void> {
    return this.ended ? Promise.resolve() : once(this.socket, 'close').then(() => undefined);
  }

  private take(): RawResponse | undefined {
    const headEnd = this.buffered.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const [statusLine, ...lines] = this.buffered
      .subarray(0, headEnd)
      .toString('latin1')
      .split('\r\n');
    const headers = new Map(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
      }),
    );
    const length = Number(headers.get('content-length') ?? 0);
    if (this.buffered.length < headEnd + 4 + length) return undefined;
    this.buffered = this.buffered.subarray(headEnd + 4 + length);
    return { status: Number(statusLine?.split(' ')[1]), headers };
  }
}

async function openSocket(): Promise<{ socket: Socket; reader: ResponseReader }> {
  const socket = connect(running.port, '127.0.0.1');
  await once(socket, 'connect');
  return { socket, reader: new ResponseReader(socket) };
}

const host = () => `Host: 127.0.0.1:${running.port}`;
const discoveryGet = () =>
  `GET /.well-known/openid-configuration HTTP/1.1\r\n${host()}\r\nConnection: keep-alive\r\n\r\n`;
const bigForm = (bytes: number) => `username=${'a'.repeat(bytes)}`;

const FORM_ROUTES = [
  '/u/login',
  '/u/consent',
  '/activate',
  '/activate/confirm',
  '/dashboard/users/auth0%7Calice/devices/dev_1/revoke',
  '/oidc/logout',
];

describe('a form post over the limit, on a keep-alive connection', () => {
  it.each(FORM_ROUTES)(
    '%s: refused by Content-Length, and the next request on the socket is answered',
    async (path) => {
      const { socket, reader } = await openSocket();
      const body = bigForm(200_000);
      socket.write(
        `POST ${path} HTTP/1.1\r\n${host()}\r\nConnection: keep-alive\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      const refused = await reader.next();
      expect(refused?.status).toBe(413);
      socket.write(discoveryGet());
      const next = await reader.next();
      expect(next?.status).toBe(200);
      socket.destroy();
    },
  );

  it('answers a declared length far past the limit before the body is sent, and closes the connection', async () => {
    const { socket, reader } = await openSocket();
    socket.write(
      `POST /u/login HTTP/1.1\r\n${host()}\r\nConnection: keep-alive\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`,
    );
    const refused = await reader.next();
    expect(refused?.status).toBe(413);
    expect(refused?.headers.get('connection')).toBe('close');
    await reader.closed;
  });

  it('refuses a chunked body (no length) once it passes the limit, and says it closes the connection', async () => {
    const { socket, reader } = await openSocket();
    socket.write(
      `POST /u/login HTTP/1.1\r\n${host()}\r\nConnection: keep-alive\r\n` +
        'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = 'a'.repeat(4096);
    // More than the limit, but never the terminating chunk: the server must not wait for it.
    for (let sent = 0; sent <= FORM_BODY_LIMIT; sent += chunk.length) {
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    }
    const refused = await reader.next();
    expect(refused?.status).toBe(413);
    expect(refused?.headers.get('connection')).toBe('close');
    await reader.closed;
  });

  it('still reads a chunked body under the limit and keeps the connection', async () => {
    const { socket, reader } = await openSocket();
    const body = 'username=alice%40example.com&password=x';
    socket.write(
      `POST /u/login HTTP/1.1\r\n${host()}\r\nConnection: keep-alive\r\n` +
        'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n' +
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    const answered = await reader.next();
    // No sign-in state behind it: a refusal of the form, but not one of its size.
    expect(answered?.status).not.toBe(413);
    expect(answered?.headers.get('connection')).not.toBe('close');
    socket.write(discoveryGet());
    expect((await reader.next())?.status).toBe(200);
    socket.destroy();
  });
});
