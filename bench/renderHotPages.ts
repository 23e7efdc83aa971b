/**
 * Micro-benchmark of the two pages every silent renewal renders (web_message and the framed
 * redirect): `npx tsx bench/renderHotPages.ts`. Prints the median of 7 rounds of 10,000 renders.
 */
import { framedRedirectPage } from '../src/server/http/pages/framedRedirectPage.ts';
import { webMessagePage } from '../src/server/http/pages/webMessagePage.ts';

const RENDERS = 10_000;
const ROUNDS = 7;
const nonce = 'n0nceN0nceN0nce0';
const response = { code: 'x'.repeat(43), state: 'y'.repeat(43) };

const pages: Record<string, () => unknown> = {
  web_message: () => String(webMessagePage(response, 'http://127.0.0.1:5173', nonce)),
  framed_redirect: () =>
    String(framedRedirectPage(`http://127.0.0.1:5173/callback?code=${'x'.repeat(43)}`, nonce)),
};

for (const [name, render] of Object.entries(pages)) {
  for (let i = 0; i < RENDERS; i++) render(); // warm-up
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < RENDERS; i++) render();
    rounds.push(performance.now() - start);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(ROUNDS / 2)] ?? 0;
  console.log(
    `${name}: ${median.toFixed(1)} ms per ${RENDERS} renders (${((median * 1000) / RENDERS).toFixed(2)} µs each)`,
  );
}
