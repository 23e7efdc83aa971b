import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthServer } from './createAuthServer.ts';
import { nodeRequestListener } from './http/nodeRequestListener.ts';

export interface ListenOptions {
  port: number;
  hostname?: string;
}

export interface RunningAuthServer {
  /** e.g. http://localhost:4400 (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  readonly port: number;
  constructor(port: number, hostname: string) {
    super(`Port ${port} on ${hostname} is already in use`);
    this.name = 'PortInUseError';
    this.port = port;
  }
}

/** `env` carries the Node request and response (the socket: the client's address). */
type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

function bind(fetch: FetchHandler, port: number, address: string): Promise<Server> {
  const http = createServer(nodeRequestListener(fetch));
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, address, () => {
      http.off('error', reject);
      resolve(http);
    });
  });
}

const close = (http: Server) =>
  new Promise<void>((resolve) => {
    http.close(() => resolve());
    // Keep-alive connections would otherwise hold close() open.
    http.closeAllConnections();
  });

/** Waits for the rule modules first, so a bad rule path fails the start, not a sign-in. */
export async function listenAuthServer(
  server: AuthServer,
  options: ListenOptions,
): Promise<RunningAuthServer> {
  await server.ready;
  const running = await listenFetch(server.fetch, options);
  return {
    ...running,
    close: async () => {
      server.close();
      await running.close();
    },
  };
}

export interface ServedAuthServer extends RunningAuthServer {
  server: AuthServer;
}

/**
 * Listens first, then builds the server for the port it got (the issuers name the port, and
 * port 0 gives one only once listening); requests before it is ready answer 503. A build that
 * fails closes the port again.
 */
export async function serveAuthServer(
  build: (port: number) => AuthServer | Promise<AuthServer>,
  options: ListenOptions,
): Promise<ServedAuthServer> {
  let server: AuthServer | undefined;
  const running = await listenFetch(
    (request, env) =>
      server?.fetch(request, env) ??
      new Response('The authorization server is starting', { status: 503 }),
    options,
  );
  let built: AuthServer;
  try {
    built = await build(running.port);
    await built.ready;
  } catch (error) {
    await running.close();
    throw error;
  }
  server = built;
  return {
    ...running,
    server: built,
    close: async () => {
      built.close();
      await running.close();
    },
  };
}

/**
 * Listens on `hostname` (default localhost). For localhost both loopback addresses are bound,
 * so http://127.0.0.1:<port> (the cross-site demo) works wherever localhost resolves to ::1.
 */
export async function listenFetch(
  fetch: FetchHandler,
  { port, hostname = 'localhost' }: ListenOptions,
): Promise<RunningAuthServer> {
  const loopback = hostname === 'localhost';
  let primary: Server;
  try {
    primary = await bind(fetch, port, loopback ? '127.0.0.1' : hostname);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(port, hostname);
    }
    throw error;
  }
  const actualPort = (primary.address() as AddressInfo).port;
  const servers = [primary];
  if (loopback) {
    // Best effort: no IPv6 loopback, or ::1 taken by someone else, still leaves 127.0.0.1.
    await bind(fetch, actualPort, '::1').then(
      (ipv6) => servers.push(ipv6),
      () => undefined,
    );
  }
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    close: async () => {
      await Promise.all(servers.map(close));
    },
  };
}
