/**
 * Child process: the load generator, pinned to the other core. Prepares each server's fixtures
 * (sign-in, tokens, codes) over HTTP, then drives one case at a time with autocannon.
 */
import autocannon from 'autocannon';
import { serveRequests } from './lib/processes.ts';
import { targetNamed } from './lib/targets.ts';
import { signInForTokens } from './targets/ours.ts';
import type { CaseName, Fixtures, RequestSpec } from './targets/target.ts';

const fixtures = new Map<string, Promise<Fixtures>>();
const fixturesFor = (target: string, url: string) => {
  const key = `${target} ${url}`;
  let found = fixtures.get(key);
  if (!found) {
    found = targetNamed(target).prepare(url);
    fixtures.set(key, found);
  }
  return found;
};

export interface LoadRun {
  target: string;
  url: string;
  case: CaseName;
  durationSeconds: number;
  connections: number;
  /** Code exchange: how many single-use codes to mint, and so how many exchanges to send. */
  codes: number;
}

export interface LoadResult {
  /** Answers with the expected status, per second. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  expected: number;
  unexpected: Record<string, number>;
  errors: number;
  seconds: number;
  /** RS256 JWTs in one answer (token cases), so a rate can be set against the signing ceiling. */
  jwtsPerAnswer: number;
}

const countJwts = (text: string): number => {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return Object.values(body).filter(
      (value) => typeof value === 'string' && /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(value),
    ).length;
  } catch {
    return 0;
  }
};

/** One request by hand first: the answer must be the expected one, or the run means nothing. */
async function check(url: string, spec: RequestSpec): Promise<number> {
  const response = await fetch(`${url}${spec.path}`, {
    method: spec.method,
    headers: spec.headers,
    redirect: 'manual',
    ...(spec.body === undefined ? {} : { body: spec.body }),
  });
  const text = await response.text();
  if (response.status !== spec.expect) {
    throw new Error(
      `${spec.method} ${spec.path}: HTTP ${response.status}, expected ${spec.expect}: ${text.slice(0, 200)}`,
    );
  }
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? '';
    if (!new URL(location, url).searchParams.get('code')) {
      throw new Error(`${spec.path}: redirect without a code: ${location}`);
    }
  }
  return countJwts(text);
}

/**
 * autocannon with its own clock: from the start to the last expected answer (autocannon's own
 * duration is rounded to its one-second ticks). `stop.now` ends the run early (codes used up).
 */
function load(
  options: autocannon.Options,
  expect: number,
  stop: { now?: () => void },
): Promise<{ result: autocannon.Result; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let last = started;
    const instance = autocannon(options, (error, result) => {
      if (error) reject(error);
      else resolve({ result, seconds: (last - started) / 1000 });
    });
    // Up to the last expected answer: a run cut short (codes used up) stops at its next tick.
    instance.on('response', (_client, status) => {
      if (status === expect) last = performance.now();
    });
    stop.now = () => instance.stop();
  });
}

async function run(options: LoadRun): Promise<LoadResult | { unsupported: string }> {
  const fixture = await fixturesFor(options.target, options.url);
  const why = fixture.unsupported[options.case];
  if (why) return { unsupported: why };
  let requests: autocannon.Request[];
  let expect: number;
  let jwtsPerAnswer: number;
  const stop: { now?: () => void } = {};
  /** Requests sent after the codes ran out (before autocannon's next tick stops it). */
  let overflow = 0;
  if (options.case === 'code_exchange') {
    const exchange = fixture.codeExchange;
    if (!exchange) return { unsupported: 'no authorization code flow' };
    jwtsPerAnswer = await check(options.url, exchange.request(await exchange.mint()));
    const codes: string[] = [];
    // Minted before the clock starts, a few at a time; single-use, so the run ends when they do.
    while (codes.length < options.codes) {
      codes.push(...(await Promise.all(Array.from({ length: 8 }, () => exchange.mint()))));
    }
    const bodies = codes.slice(0, options.codes).map((code) => exchange.request(code).body);
    const first = exchange.request(codes[0] ?? '');
    expect = first.expect;
    let next = 0;
    overflow = 0;
    requests = [
      {
        method: first.method,
        path: first.path,
        headers: first.headers,
        setupRequest: (request: autocannon.Request) => {
          if (next === bodies.length - 2 * options.connections) stop.now?.();
          // Never a code twice: a replay makes a server revoke the grant (RFC 6749 §4.1.2),
          // and every later exchange and refresh of that grant fails.
          const body = bodies[next++] ?? exchange.request('pool-exhausted').body;
          if (next > bodies.length) overflow++;
          return { ...request, body };
        },
      },
    ];
  } else {
    const spec = fixture.repeatable[options.case];
    if (!spec) return { unsupported: 'not configured' };
    jwtsPerAnswer = await check(options.url, spec);
    expect = spec.expect;
    requests = [
      {
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
        ...(spec.body === undefined ? {} : { body: spec.body }),
      },
    ];
  }
  const { result, seconds } = await load(
    {
      url: options.url,
      connections: options.connections,
      pipelining: 1,
      duration: options.durationSeconds,
      // A request that takes 10 s counts as an error instead of holding the run.
      timeout: 10,
      requests,
    },
    expect,
    stop,
  );
  const unexpected: Record<string, number> = {};
  let expected = 0;
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (Number(status) === expect) expected += Number(count);
    else if (status === '400' && overflow > 0) {
      const left = Number(count) - overflow;
      if (left > 0) unexpected[status] = left;
    } else unexpected[status] = Number(count);
  }
  return {
    requestsPerSecond: expected / seconds,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    expected,
    unexpected,
    errors: result.errors,
    seconds,
    jwtsPerAnswer,
  };
}

/** Complete sign-ins against our server (memory benchmark), `concurrency` at a time. */
async function signIns({
  url,
  count,
  concurrency,
}: {
  url: string;
  count: number;
  concurrency: number;
}) {
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started++;
      await signInForTokens(url);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return count;
}

serveRequests({
  signIns,
  prepare: async ({ target, url }: { target: string; url: string }) => {
    const fixture = await fixturesFor(target, url);
    return { unsupported: fixture.unsupported, notes: fixture.notes };
  },
  run: (options: LoadRun) => run(options),
});
