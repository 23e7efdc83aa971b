/**
 * The node:http floor as a throughput target: our discovery document and JWKS as fixed answers,
 * and client_credentials as one signed JWT, with none of a server's other work. Shown next to
 * the servers so each figure can be read against what node:http itself allows; never a peer.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoveryDocument } from '../../src/server/routes/discovery.ts';
import { floorListener } from '../peers/nodeHttpFloor.mjs';
import {
  API_AUDIENCE,
  DISCOVERY_PATH,
  FORM_HEADERS,
  formBody,
  getDocument,
  type Target,
} from './target.ts';

export const FLOOR = 'node:http floor';

const NOT_A_SERVER =
  'the floor has no sessions, clients or codes: it answers fixed documents and signs';

export const nodeHttpFloor: Target = {
  name: FLOOR,

  async start() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const documents: Record<string, string> = {};
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const issuer = `${url}/`;
    documents[DISCOVERY_PATH] = JSON.stringify(discoveryDocument(issuer));
    documents['/.well-known/jwks.json'] = JSON.stringify({
      keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'floor', alg: 'RS256', use: 'sig' }],
    });
    server.on('request', floorListener({ documents, privateKey, issuer }));
    return {
      url,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  },

  async prepare() {
    return {
      repeatable: {
        discovery: getDocument(DISCOVERY_PATH),
        jwks: getDocument('/.well-known/jwks.json'),
        client_credentials: {
          method: 'POST',
          path: '/oauth/token',
          headers: FORM_HEADERS,
          body: formBody({
            grant_type: 'client_credentials',
            client_id: 'floor-client',
            audience: API_AUDIENCE,
            scope: 'read:profile',
          }),
          expect: 200,
        },
      },
      unsupported: {
        authorize: NOT_A_SERVER,
        code_exchange: NOT_A_SERVER,
        refresh: NOT_A_SERVER,
      },
      notes: {
        client_credentials: 'no client authentication, no checks: read the form, sign, answer',
      },
    };
  },
};
