#!/usr/bin/env node
// oidc-provider has no command line: this is the smallest one, for the start-up benchmark.
// Usage: node bench/peers/oidcProviderCli.mjs <port> <private-jwk.json>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const [port = '4400', keyFile] = process.argv.slice(2);
const jwk = JSON.parse(readFileSync(keyFile, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'bench-spa',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://localhost:5173/callback'],
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['bench-cookie-key-bench-cookie-key'] },
});
createServer(provider.callback()).listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`oidc-provider listening on ${issuer}\n`);
});
