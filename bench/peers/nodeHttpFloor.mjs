#!/usr/bin/env node
// The floor: node:http and nothing else. Not a peer: what a server doing only a case's own work
// reaches on this machine — a fixed JSON answer, or reading a form and signing one RS256 JWT with
// node:crypto (no client, no checks). Run directly, it is the start-up benchmark's bare command:
//   node bench/peers/nodeHttpFloor.mjs <port>   (answers every GET with a small JSON document)
import { randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const JSON_HEADERS = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
const TOKEN_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

const base64url = (text) => Buffer.from(text).toString('base64url');

/**
 * A request listener: GET `documents[path]` as JSON; POST /oauth/token with a client_credentials
 * form → one RS256 access token signed with `privateKey` (a KeyObject) as `issuer`.
 */
export function floorListener({ documents, privateKey, issuer }) {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'floor' }));
  const issueToken = (form) => {
    const clientId = form.get('client_id') ?? 'floor-client';
    const iat = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: `${clientId}@clients`,
      aud: form.get('audience') ?? '',
      iat,
      exp: iat + 86_400,
      scope: form.get('scope') ?? '',
      client_id: clientId,
      jti: randomBytes(16).toString('base64url'),
    };
    const input = `${header}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(input), privateKey).toString('base64url');
    return JSON.stringify({
      access_token: `${input}.${signature}`,
      token_type: 'Bearer',
      expires_in: 86_400,
    });
  };
  return (request, response) => {
    if (request.method === 'GET' && documents[request.url] !== undefined) {
      response.writeHead(200, JSON_HEADERS).end(documents[request.url]);
      return;
    }
    if (request.method === 'POST' && request.url === '/oauth/token' && privateKey) {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        if (form.get('grant_type') !== 'client_credentials') {
          response.writeHead(400, TOKEN_HEADERS).end('{"error":"unsupported_grant_type"}');
          return;
        }
        response.writeHead(200, TOKEN_HEADERS).end(issueToken(form));
      });
      return;
    }
    response.writeHead(404, JSON_HEADERS).end('{"error":"invalid_request"}');
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.argv[2] ?? 4400);
  const issuer = `http://127.0.0.1:${port}/`;
  const discovery = JSON.stringify({ issuer, jwks_uri: `${issuer}.well-known/jwks.json` });
  createServer(
    floorListener({ documents: { '/.well-known/openid-configuration': discovery }, issuer }),
  ).listen(port, '127.0.0.1');
}
