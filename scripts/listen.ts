import { listenFetch, PortInUseError, type RunningAuthServer } from '../src/server/listen.ts';

export type Listening = RunningAuthServer;

export class PortTakenError extends Error {}

/** Listens on loopback; a port in use becomes a message naming the port and how to change it. */
export async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; what: string; change: string },
): Promise<Listening> {
  try {
    return await listenFetch(fetch, { port: options.port });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    throw new PortTakenError(
      `Port ${options.port} (${options.what}) is already in use. Stop what is using it, or choose another port with ${options.change}.`,
    );
  }
}
