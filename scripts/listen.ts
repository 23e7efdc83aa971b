import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
}

/**
 * Listens on loopback only. A port in use becomes an error that names the port and how to
 * change it, instead of Node's bare EADDRINUSE.
 */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; what: string; change: string },
): Promise<Listening> {
  return new Promise((resolveListening, reject) => {
    const server = serve({ fetch, port: options.port, hostname: '127.0.0.1' }, (info) => {
      const port = (info as AddressInfo).port;
      resolveListening({
        url: `http://localhost:${port}`,
        port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // Keep-alive connections from browsers would hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new PortInUseError(
            `Port ${options.port} (${options.what}) is already in use. Stop what is using it, or choose another port with ${options.change}.`,
          ),
        );
      } else reject(error);
    });
  });
}
