/** A URL as the lab shows it: where it goes, then its query (or fragment) parameters one by one. */
export interface SplitUrl {
  base: string;
  params: [string, string][];
  /** Where the parameters were: the query, or the fragment (implicit flow answers). */
  in: 'query' | 'fragment' | null;
}

export function splitUrl(url: string): SplitUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { base: url, params: [], in: null };
  }
  const base = `${parsed.origin}${parsed.pathname}`;
  if (parsed.search) return { base, params: [...new URLSearchParams(parsed.search)], in: 'query' };
  if (parsed.hash)
    return { base, params: [...new URLSearchParams(parsed.hash.slice(1))], in: 'fragment' };
  return { base, params: [], in: null };
}

/**
 * The fields a window message carried, flat, for display: the query or fragment of a callback
 * URL (silent callback page), the `response` of a web_message answer, or the message's own
 * simple fields (the cookie probe's answer).
 */
export function messageFields(body: unknown): [string, string][] {
  if (typeof body !== 'object' || body === null) return [];
  const { url, response } = body as { url?: unknown; response?: unknown };
  if (typeof url === 'string') return splitUrl(url).params;
  const flat = (value: object) =>
    Object.entries(value).flatMap(([name, item]): [string, string][] =>
      typeof item === 'object' && item !== null ? [] : [[name, String(item)]],
    );
  if (typeof response === 'object' && response !== null) return flat(response);
  return flat(body);
}
