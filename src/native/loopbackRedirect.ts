import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback`: the port is whatever was free (RFC 8252 §7.3). */
  redirectUri: string;
  /** The full URL the browser was sent back to (code and state, or error). */
  callback: Promise<URL>;
  close(): Promise<void>;
}

export class LoopbackTimeoutError extends Error {
  override name = 'LoopbackTimeoutError';
}

const CALLBACK_PATH = '/callback';

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * Listens on the IPv4 loopback literal, not `localhost` (RFC 8252 §8.3: a name may resolve to
 * another interface), for the one redirect that ends the sign-in. The first request to the
 * callback path wins; the tokens it leads to are checked by openid-client (state, PKCE).
 */
export async function startLoopbackRedirect(
  options: { timeoutMs?: number } = {},
): Promise<LoopbackRedirect> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let settle: { resolve(url: URL): void; reject(error: Error): void } | undefined;
  const callback = new Promise<URL>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that gives up (close() before any redirect) must not leave an unhandled rejection.
  callback.catch(() => undefined);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Connection', 'close');
    if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH || settle === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found.\n');
      return;
    }
    const failed = url.searchParams.get('error');
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      // This page needs nothing and must load nothing.
      'Content-Security-Policy': "default-src 'none'",
      'Referrer-Policy': 'no-referrer',
    });
    response.end(
      failed
        ? page(
            'Sign-in failed',
            'The authorization server answered with an error; see the terminal.',
          )
        : page('Signed in', 'You can close this window and go back to the terminal.'),
    );
    settle.resolve(url);
    settle = undefined;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const timer = setTimeout(() => {
    settle?.reject(
      new LoopbackTimeoutError(
        `No sign-in came back within ${Math.round(timeoutMs / 1000)} s; run login again.`,
      ),
    );
    settle = undefined;
  }, timeoutMs);
  timer.unref();

  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(timer);
      settle?.reject(new LoopbackTimeoutError('The sign-in was abandoned.'));
      settle = undefined;
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, callback, close };
}
