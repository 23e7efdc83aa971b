import { GRANT_TYPES } from '../../protocol/oauth.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { endpointOf } from '../labEnvironment.ts';
import type { LabStep } from '../labRecord.ts';
import { randomValue } from '../pkce.ts';
import { type RecordedExchange, sendRecorded } from '../sendRecorded.ts';

/** At most this many requests: enough to pass the default limit (30 per 60 s), never a flood. */
export const MAX_REQUESTS = 40;

/** Seconds to wait, from Retry-After or, when CORS hides that header, the error description. */
export function retryAfterSeconds(exchange: Pick<RecordedExchange, 'headers' | 'body'>): {
  seconds: number | null;
  from: 'header' | 'description' | null;
} {
  const header = exchange.headers?.get('retry-after');
  if (header && /^\d+$/.test(header)) return { seconds: Number(header), from: 'header' };
  const description = String(
    (exchange.body as { error_description?: unknown } | null)?.error_description ?? '',
  );
  const match = /retry in (\d+) s/i.exec(description);
  return match?.[1]
    ? { seconds: Number(match[1]), from: 'description' }
    : { seconds: null, from: null };
}

/** "12× 400 unauthorized_client, 1× 429 too_many_requests" for the requests before the last. */
export function tallyAnswers(
  answers: readonly { status: number | null; error: string | null }[],
): string {
  const counts = new Map<string, number>();
  for (const { status, error } of answers) {
    const key = `${status ?? 'no answer'}${error ? ` ${error}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${count}× ${key}`).join(', ');
}

/** Experiment 9: hammering the token endpoint: 429 with Retry-After. */
export const rateLimitedTokenEndpoint: Experiment = {
  id: 'rate-limit',
  number: 9,
  title: 'Hammering the token endpoint',
  rule: 'The token endpoint is rate limited per refresh token and IP address: past the limit it answers 429 Too Many Requests with Retry-After.',
  caution: `Sends up to ${MAX_REQUESTS} requests, one after another, with one made-up refresh token (so no real token is locked out).`,
  async run(env) {
    const record = startRecord('rate-limit', env.now);
    const url = endpointOf(env.settings.authority, 'oauth/token');
    const refreshToken = `lab-made-up-${randomValue(24)}`;
    const answers: { status: number | null; error: string | null }[] = [];
    let first: RecordedExchange | null = null;
    let limited: RecordedExchange | null = null;
    for (let count = 1; count <= MAX_REQUESTS; count++) {
      const exchange = await sendRecorded(
        {
          title: `Request ${count}`,
          url,
          form: {
            grant_type: GRANT_TYPES.refreshToken,
            client_id: env.settings.clientId,
            refresh_token: refreshToken,
          },
        },
        env,
      );
      first ??= exchange;
      const error = (exchange.body as { error?: unknown } | null)?.error;
      answers.push({ status: exchange.status, error: typeof error === 'string' ? error : null });
      if (exchange.status === 429) {
        limited = exchange;
        break;
      }
      if (exchange.status === null) break;
    }
    const steps: LabStep[] = [];
    if (first)
      steps.push({
        ...first.step,
        title: 'Request 1 (each one the same, with the same made-up refresh token)',
      });
    const before = limited ? answers.slice(0, -1) : answers;
    steps.push({
      title: `Requests 1–${before.length}`,
      observations: [{ label: 'answers', value: tallyAnswers(before) || '(none)' }],
    });
    const explanation =
      "Auth0's documents limit refresh-token requests per token and IP address, so a leaked or looping token cannot hammer the server. The server counts every request that names the token — refused or not — in a fixed window, and past the limit answers 429 too_many_requests with Retry-After (seconds until the window ends) and X-RateLimit-* headers. The made-up token means only this experiment's counter fills up.";
    if (!limited) {
      const last = answers.at(-1);
      return record.finish({
        steps,
        outcome:
          last?.status === null
            ? outcome('error', 'no_answer', 'The token endpoint gave no readable answer.')
            : outcome(
                'contradicted',
                'no_429',
                `No 429 after ${answers.length} requests (${tallyAnswers(answers)}): the server did not count these requests against its limit.`,
              ),
        explanation,
      });
    }
    const retry = retryAfterSeconds(limited);
    steps.push({
      ...limited.step,
      title: `Request ${answers.length}: over the limit`,
      observations: [
        {
          label: 'Retry-After',
          value:
            retry.from === 'header'
              ? `${retry.seconds} s (header)`
              : retry.from === 'description'
                ? `${retry.seconds} s (from the error description: the browser hides the Retry-After header from this origin, as CORS does not expose it)`
                : 'missing',
          flag: retry.from === 'header' ? 'ok' : retry.from ? 'info' : 'bad',
        },
      ],
    });
    return record.finish({
      steps,
      outcome:
        retry.seconds !== null
          ? outcome(
              'confirmed',
              'too_many_requests',
              `429 too_many_requests after ${answers.length} requests; retry after ${retry.seconds} s.`,
            )
          : outcome(
              'contradicted',
              'no_retry_after',
              `429 after ${answers.length} requests, but without Retry-After.`,
            ),
      explanation,
    });
  },
};
