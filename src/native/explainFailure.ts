import * as client from 'openid-client';
import { LoopbackTimeoutError } from './loopbackRedirect.ts';
import { NativeDemoUsageError } from './nativeDemoOptions.ts';
import { TokenFileError } from './tokenFile.ts';

/** A failure the demo explains itself; its message is the whole story. */
export class NativeDemoError extends Error {
  override name = 'NativeDemoError';
}

const networkCode = (error: unknown): string | undefined => {
  if (!(error instanceof TypeError)) return undefined;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
};

/** Runs a request, turning "could not connect" into a sentence that names the server. */
export async function reaching<T>(
  what: string,
  url: string,
  request: () => Promise<T>,
): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const code = networkCode(error);
    if (code === undefined) throw error;
    throw new NativeDemoError(
      `Cannot reach the ${what} at ${url} (${code}). Is it running? \`npm start\` starts the whole stack.`,
    );
  }
}

const described = (error: string, description: string | undefined) =>
  description ? `${error}: ${description}` : error;

/** One line (or a few) for the terminal, never a stack trace. */
export function explainFailure(error: unknown): string {
  if (
    error instanceof NativeDemoError ||
    error instanceof NativeDemoUsageError ||
    error instanceof TokenFileError ||
    error instanceof LoopbackTimeoutError
  ) {
    return error.message;
  }
  if (error instanceof client.ResponseBodyError) {
    return `The authorization server refused (HTTP ${error.status}) ${described(error.error, error.error_description)}`;
  }
  if (error instanceof client.AuthorizationResponseError) {
    return `Sign-in failed: ${described(error.error, error.error_description)}`;
  }
  if (error instanceof client.ClientError) {
    // openid-client's own checks (state, issuer, ID token signature, ...): the detail is in the cause.
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `openid-client rejected the server's answer (${error.code ?? 'error'}) ${error.message}${cause}`;
  }
  const code = networkCode(error);
  if (code !== undefined) return `Network error (${code}).`;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
