import { invalidRequest } from './oauthError.ts';

/** Parameters of one request (query, form or JSON body), as the domain sees them. */
export interface RequestParameters {
  /** First non-empty value of each parameter: OIDC Core §3.1.2.1 treats empty as omitted. */
  readonly values: Readonly<Record<string, string>>;
  /** Names sent more than once; RFC 6749 §3.1 and §3.2 forbid repeating a parameter. */
  readonly repeated: ReadonlySet<string>;
}

export function requestParameters(entries: Iterable<readonly [string, string]>): RequestParameters {
  const values: Record<string, string> = Object.create(null);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const [name, value] of entries) {
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
    if (value !== '' && values[name] === undefined) values[name] = value;
  }
  return { values, repeated };
}

/** One parameter's value; refuses a repeated one so the two copies can never disagree. */
export function param(params: RequestParameters, name: string): string | undefined {
  if (params.repeated.has(name)) throw invalidRequest(`Parameter ${name} must not be repeated`);
  return params.values[name];
}

export function requiredParam(params: RequestParameters, name: string): string {
  const value = param(params, name);
  if (value === undefined) throw invalidRequest(`Missing required parameter: ${name}`);
  return value;
}

/** Space-delimited lists (`scope`, `prompt`, `response_type`), without duplicates. */
export const spaceSeparated = (value: string | undefined): string[] =>
  value === undefined ? [] : [...new Set(value.split(' ').filter(Boolean))];
