import { outcome } from './experiment.ts';
import type { LabEnvironment } from './labEnvironment.ts';
import type { FollowUp, LabOutcome, Observation } from './labRecord.ts';
import type { RecordedExchange } from './sendRecorded.ts';

/**
 * The error an answer names: the `WWW-Authenticate` challenge's (RFC 6750 §3, RFC 9449 §7.1),
 * else the JSON body's; null for a success or an answer the page could not read.
 */
export function answerError(exchange: RecordedExchange): string | null {
  const challenge = exchange.headers?.get('WWW-Authenticate') ?? '';
  const fromChallenge = /error="([^"]*)"/.exec(challenge)?.[1];
  const fromBody = (exchange.body as { error?: unknown } | null)?.error;
  return fromChallenge ?? (typeof fromBody === 'string' ? fromBody : null);
}

/** What the answer said, for a step's observations. */
export function answerObservation(exchange: RecordedExchange, expected: string): Observation {
  const error = answerError(exchange);
  const said =
    exchange.status === null ? 'no readable answer' : `${exchange.status} ${error ?? ''}`.trim();
  return {
    label: 'answer',
    value: said,
    flag: (expected === 'ok' ? exchange.status === 200 : error === expected) ? 'ok' : 'bad',
  };
}

export type BoundTokenHeaders =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; outcome: LabOutcome; explanation: string; followUp?: FollowUp };

/**
 * The headers the app presents its access token with on `method url`, a proof made now; or why
 * the experiment cannot run: no token, or a bearer token (DPoP off, or the implicit flow, which
 * cannot bind).
 */
export async function boundTokenHeaders(
  env: LabEnvironment,
  url: string,
  method: string,
  nonce?: string,
): Promise<BoundTokenHeaders> {
  let headers: Record<string, string>;
  try {
    headers = await env.auth.getState().accessTokenHeaders(url, method, nonce);
  } catch (error) {
    return {
      ok: false,
      outcome: outcome('precondition', 'no_access_token', (error as Error).message),
      explanation: 'The experiment presents this tab’s access token: sign in first.',
      followUp: { kind: 'sign-in-again', text: 'Sign in, then run it again.' },
    };
  }
  if (!headers.DPoP) {
    const implicit = env.settings.signInMode === 'implicit';
    return {
      ok: false,
      outcome: outcome(
        'precondition',
        'not_bound',
        implicit
          ? 'The implicit flow cannot bind tokens to a key: this tab holds a bearer token.'
          : 'This tab holds a bearer token: DPoP is off (lab settings), or the server sent token_type Bearer.',
      ),
      explanation: implicit
        ? 'Tokens that come back in the URL cannot be bound: no proof can go with them. Choose the authorization code flow in the lab settings.'
        : 'Turn DPoP on in the lab settings (the default) and sign in again: the tokens are then bound to this browser’s key.',
    };
  }
  return { ok: true, headers };
}

/** The headers without the proof: what a thief who copied the token alone can send. */
export const withoutProof = ({ DPoP: _, ...rest }: Record<string, string>) => rest;
