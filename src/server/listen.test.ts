import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { seedConfig } from './config.ts';
import { createAuthServer } from './createAuthServer.ts';
import { listenAuthServer, listenFetch, PortInUseError } from './listen.ts';
import { testSigningKey } from './testSupport/testServer.ts';

const server = createAuthServer(seedConfig(), { signingKey: testSigningKey });

// The only tests here that open sockets: listening is what they are about.
describe('listenAuthServer', () => {
  it('serves on localhost and 127.0.0.1, and closes', async () => {
    const running = await listenAuthServer(server, { port: 0 });
    try {
      expect(running.url).toBe(`http://localhost:${running.port}`);
      const response = await fetch(`http://127.0.0.1:${running.port}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('rejects with an error naming the port when it is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const failure = listenAuthServer(server, { port, hostname: '127.0.0.1' });
      await expect(failure).rejects.toBeInstanceOf(PortInUseError);
      await expect(failure).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: `Port ${port} on 127.0.0.1 is already in use`,
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("hands the handler the node bindings, so the client's address is known (rate limits)", async () => {
    const running = await listenFetch(
      (_request, env) =>
        new Response(
          (env as { incoming: { socket: { remoteAddress: string } } }).incoming.socket
            .remoteAddress,
        ),
      { port: 0, hostname: '127.0.0.1' },
    );
    try {
      const response = await fetch(`http://127.0.0.1:${running.port}/`);
      expect(await response.text()).toMatch(/127\.0\.0\.1$/);
    } finally {
      await running.close();
    }
  });

  it('refuses to start when a rule module cannot be loaded', async () => {
    const broken = createAuthServer(
      { ...seedConfig(), rules: ['./no/such/rule.mjs'] },
      { signingKey: testSigningKey },
    );
    await expect(listenAuthServer(broken, { port: 0 })).rejects.toThrow(/rules\[0\]/);
  });
});
