import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { formatPath } from '../config.ts';

export type ControlBody<T> = { ok: true; data: T } | { ok: false; response: Response };

/**
 * Schemas built by the first control request that needs them rather than at every start: most
 * starts never see a control body, and building zod schemas is most of loading their modules.
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/** The control API's refusals: JSON, `invalid_request`, never a stack trace. */
export const refuseControlRequest = (c: Context, description: string, status: 400 | 403 = 400) =>
  c.json({ error: 'invalid_request', error_description: description }, status);

const describeIssues = (error: z.core.$ZodError) =>
  error.issues.map((issue) => `${formatPath(issue.path) || '(body)'}: ${issue.message}`).join('; ');

/** Reads an optional JSON body (empty means `{}`) and validates it; a refusal is a JSON 400. */
export async function readControlBody<S extends z.ZodMiniType>(
  c: Context,
  schema: S,
): Promise<ControlBody<z.output<S>>> {
  const text = await c.req.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    const type = c.req.header('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/json')) {
      return {
        ok: false,
        response: refuseControlRequest(c, 'expected Content-Type: application/json'),
      };
    }
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, response: refuseControlRequest(c, 'the body is not valid JSON') };
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, response: refuseControlRequest(c, describeIssues(parsed.error)) };
  }
  return { ok: true, data: parsed.data };
}
