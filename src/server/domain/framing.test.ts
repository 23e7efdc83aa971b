import { describe, expect, it } from 'vitest';
import { parseAuthServerConfig } from '../config.ts';
import { frameAncestorsFor } from './framing.ts';

const clients = parseAuthServerConfig({
  clients: [
    { clientId: 'two', webOrigins: ['http://localhost:5173', 'https://app.example'] },
    { clientId: 'none' },
  ],
}).clients;

describe('frameAncestorsFor', () => {
  it("lists the client's web origins", () => {
    expect(frameAncestorsFor(clients[0])).toBe('http://localhost:5173 https://app.example');
  });

  it('refuses all framing for a client without web origins, or no client', () => {
    expect(frameAncestorsFor(clients[1])).toBe("'none'");
    expect(frameAncestorsFor(undefined)).toBe("'none'");
  });
});
