import { html as honoHtml, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type { HtmlEscapedString };

/**
 * hono/html's `html`: every interpolated string is escaped for text and quoted attributes; only
 * values already made by `html` (or marked with `raw`) go in as they are. Our pages never
 * interpolate promises, so the answer is synchronous; a promise would be a bug here, not a page.
 */
export const html = (strings: TemplateStringsArray, ...values: unknown[]): HtmlEscapedString => {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new TypeError('server pages are rendered synchronously');
  return out;
};

/**
 * JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no HTML entities, no
 * line separators that end a JS string in older engines.
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * `value` as a JS literal for a script element's text. Marked raw because HTML escaping would
 * corrupt the JSON, and jsonForScript already leaves nothing that can end the element.
 */
export const scriptJson = (value: unknown): HtmlEscapedString => raw(jsonForScript(value));

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; background: #f4f5f7; color: #1d2330; margin: 0; }
  main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px;
         box-shadow: 0 1px 4px rgb(0 0 0 / 0.12); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: 0.5rem; font: inherit; }
  button { margin-top: 1.5rem; padding: 0.6rem 1.2rem; font: inherit; cursor: pointer; }
  .error { color: #a01919; background: #fdecec; padding: 0.5rem 0.75rem; border-radius: 4px; }
  code { background: #eef0f4; padding: 0 0.25rem; border-radius: 3px; }
  main.wide { max-width: 60rem; }
  nav { margin-bottom: 1rem; }
  nav a { margin-right: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #e1e4ea; }
  td form { margin: 0; }
  td button { margin-top: 0; padding: 0.3rem 0.8rem; }
  .status { color: #17612b; background: #e8f6ec; padding: 0.5rem 0.75rem; border-radius: 4px; }
  input.code { font-size: 1.4rem; letter-spacing: 0.2rem; text-transform: uppercase; }
  .actions button { margin-right: 0.5rem; }
`;

/** Our constant stylesheet, raw because it is ours and holds no `</style>`. */
const STYLE_ELEMENT = raw(`<style>${STYLE}</style>`);

/**
 * A whole HTML document around `body`. The page's CSP must allow the inline <style>
 * (see setPageHeaders).
 */
export const htmlDocument = (title: string, body: HtmlEscapedString): string =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
${STYLE_ELEMENT}
</head>
<body>
${body}
</body>
</html>
`.toString();
