/**
 * Child process, on the servers' core: how many RS256 signatures (2048-bit RSA, a typical JWT
 * signing input) this machine makes per second on one core — the ceiling for any token endpoint.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { SignJWT } from 'jose';
import { serveRequests } from './lib/processes.ts';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const claims = {
  iss: 'http://127.0.0.1:4400/',
  sub: 'auth0|alice',
  aud: ['http://localhost:4401/', 'http://127.0.0.1:4400/userinfo'],
  azp: 'silent-auth-lab-spa',
  scope: 'openid profile email read:profile',
  iat: 1_900_000_000,
  exp: 1_900_086_400,
  jti: 'bench-0123456789abcdef',
};
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signingInput = Buffer.from(
  `${encode({ alg: 'RS256', typ: 'JWT', kid: 'bench' })}.${encode(claims)}`,
);

/** node:crypto's one-shot sign in a tight loop: the machine's limit. */
function rawRate(ms: number): number {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    sign('sha256', signingInput, privateKey);
    count++;
    now = performance.now();
  }
  return (count * 1000) / (now - start);
}

/** jose's SignJWT one after another (what a server built on jose pays per token). */
async function joseRate(ms: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'bench' })
      .sign(privateKey);
    count++;
    now = performance.now();
  }
  return (count * 1000) / (now - start);
}

serveRequests({
  measure: async ({ ms, jose = false }: { ms: number; jose?: boolean }) => {
    rawRate(100);
    return { rawPerSecond: rawRate(ms), josePerSecond: jose ? await joseRate(ms) : null };
  },
});
