import { describe, expect, it } from 'vitest';
import { html, htmlDocument, jsonForScript, scriptJson } from './html.ts';

describe('html', () => {
  it('escapes markup and both quote kinds in every interpolated string', () => {
    expect(String(html`<p title="${`"'`}">${`<a href="x" title='y'>&</a>`}</p>`)).toBe(
      '<p title="&quot;&#39;">&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;</p>',
    );
  });

  it('escapes strings inside lists, keeps nested html as it is, and drops false', () => {
    const items = ['<b>', '&'].map((word) => html`<li>${word}</li>`);
    expect(String(html`<ul>${items}</ul>${false}`)).toBe(
      '<ul><li>&lt;b&gt;</li><li>&amp;</li></ul>',
    );
  });

  it('refuses a promise instead of rendering a page asynchronously', () => {
    expect(() => html`${Promise.resolve('x')}`).toThrow(TypeError);
  });
});

describe('htmlDocument', () => {
  it('escapes the title', () => {
    expect(htmlDocument('</title><script>', html``)).toContain(
      '<title>&lt;/title&gt;&lt;script&gt;</title>',
    );
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element or open a comment', () => {
    const text = jsonForScript({ state: '</script><!--<script>' });
    expect(text).not.toMatch(/[<>]/);
    expect(JSON.parse(text)).toEqual({ state: '</script><!--<script>' });
  });

  it('escapes line separators and ampersands', () => {
    const text = jsonForScript('a\u2028b\u2029c&d');
    expect(text).toBe('"a\\u2028b\\u2029c\\u0026d"');
    expect(JSON.parse(text)).toBe('a\u2028b\u2029c&d');
  });
});

describe('scriptJson', () => {
  it('goes into a script as JSON, not HTML-escaped, and still cannot end the element', () => {
    const script = String(html`var state = ${scriptJson('</script>\'&"')};`);
    expect(script).toBe('var state = "\\u003c/script\\u003e\'\\u0026\\"";');
  });
});
