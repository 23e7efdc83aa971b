import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from './html.ts';

describe('escapeHtml', () => {
  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
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
