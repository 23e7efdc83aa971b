import { invalidRequest } from '../oauthError.ts';
import { param, type RequestParameters, spaceSeparated } from '../requestParameters.ts';

export const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account'] as const;

export interface PromptRequest {
  prompt: string[];
  maxAge?: number;
}

/** Step 9. OIDC Core §3.1.2.1: `none` cannot be combined with any other prompt value. */
export function checkPrompt(params: RequestParameters): PromptRequest {
  const prompt = spaceSeparated(param(params, 'prompt'));
  const unknown = prompt.filter((value) => !(PROMPT_VALUES as readonly string[]).includes(value));
  if (unknown.length > 0) throw invalidRequest(`Unsupported prompt value: ${unknown.join(' ')}`);
  if (prompt.includes('none') && prompt.length > 1) {
    throw invalidRequest('prompt=none cannot be combined with other prompt values');
  }
  const rawMaxAge = param(params, 'max_age');
  if (rawMaxAge === undefined) return { prompt };
  if (!/^\d{1,10}$/.test(rawMaxAge)) {
    throw invalidRequest('max_age must be a non-negative whole number of seconds');
  }
  return { prompt, maxAge: Number(rawMaxAge) };
}
