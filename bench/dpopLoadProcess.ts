/**
 * Child process: the DPoP token-endpoint load, pinned to the load core. Every request carries a
 * fresh proof (its own `jti`, ES256 over a P-256 key), signed before the run starts so that the
 * generator's own signing stays out of the measured time.
 */
import autocannon from 'autocannon';
import { createDpopKey, signDpopProof } from '../src/dpop/testSupport/dpopProofs.ts';
import { serveRequests } from './lib/processes.ts';

export interface DpopLoadRun {
  url: string;
  tokenPath: string;
  headers: Record<string, string>;
  body: string;
  durationSeconds: number;
  connections: number;
  /** Proofs to sign beforehand: more than the run can use. */
  proofs: number;
}

export interface DpopLoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  expected: number;
  unexpected: Record<string, number>;
  tokenType: string;
}

const key = createDpopKey('ES256');

async function run(options: DpopLoadRun): Promise<DpopLoadResult> {
  const htu = `${options.url}${options.tokenPath}`;
  const proof = () => signDpopProof(key, { htu });
  const first = await fetch(htu, {
    method: 'POST',
    headers: { ...options.headers, dpop: proof() },
    body: options.body,
  });
  const text = await first.text();
  if (first.status !== 200) throw new Error(`${htu}: HTTP ${first.status}: ${text.slice(0, 200)}`);
  const tokenType = String((JSON.parse(text) as { token_type?: unknown }).token_type);
  const proofs = Array.from({ length: options.proofs }, proof);
  let next = 0;
  const unexpected: Record<string, number> = {};
  let expected = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        requests: [
          {
            method: 'POST',
            path: options.tokenPath,
            headers: options.headers,
            body: options.body,
            setupRequest: (request: autocannon.Request) => ({
              ...request,
              headers: { ...request.headers, dpop: proofs[next++ % proofs.length] ?? '' },
            }),
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, status) => {
      if (status === 200) expected++;
      else unexpected[status] = (unexpected[status] ?? 0) + 1;
    });
  });
  if (next > proofs.length) unexpected.reusedProofs = next - proofs.length;
  return {
    requestsPerSecond: expected / options.durationSeconds,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    expected,
    unexpected,
    tokenType,
  };
}

serveRequests({ run: (payload) => run(payload as DpopLoadRun) });
