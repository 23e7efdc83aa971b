/**
 * Issue 15, the lab page's layout measured in real Chromium: "Renew now" next to the chart, the
 * timeline chart's labels neither overlapping nor clipped at desktop and phone widths, headings
 * scrolled to stopping below the sticky auth-state bar, the settings' options shown whole.
 */
import type { Page } from '@playwright/test';
import { boxesOverlap } from '../src/app/lab/tokenTimelineGeometry.ts';
import { runExperiment, signInToLab } from './support/lab.ts';
import { timelineEntries } from './support/spa.ts';
import { expect, test } from './support/stack.ts';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface DrawnText {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every text drawn on the chart (tooltips are not drawn), with its box, and the drawing's size. */
async function chartTexts(page: Page) {
  return page.getByTestId('token-timeline-svg').evaluate((svg: SVGSVGElement) => {
    const texts = [...svg.querySelectorAll('text')].map((text) => {
      const box = text.getBBox();
      return {
        text: text.textContent ?? '',
        x: box.x,
        y: box.y,
        width: box.width,
        height: box.height,
      };
    });
    const fontSizes = [...svg.querySelectorAll('text')].map((text) =>
      Number.parseFloat(getComputedStyle(text).fontSize),
    );
    return {
      texts,
      fontSizes,
      viewBox: { width: svg.viewBox.baseVal.width, height: svg.viewBox.baseVal.height },
      shownWidth: svg.getBoundingClientRect().width,
      layout: svg.dataset.layout,
    };
  });
}

/** Pairs of drawn texts that share area (half a pixel of antialiasing allowed). */
function overlaps(texts: DrawnText[]): string[] {
  const inset = (box: DrawnText) => ({
    x: box.x + 0.5,
    y: box.y + 0.5,
    width: box.width - 1,
    height: box.height - 1,
  });
  return texts.flatMap((a, i) =>
    texts
      .slice(i + 1)
      .filter((b) => boxesOverlap(inset(a), inset(b)))
      .map((b) => `"${a.text}" on "${b.text}"`),
  );
}

/** Texts that reach past the drawing's edges, where the SVG clips them. */
const clipped = (texts: DrawnText[], size: { width: number; height: number }) =>
  texts
    .filter(
      (box) =>
        box.x < -0.5 ||
        box.y < -0.5 ||
        box.x + box.width > size.width + 0.5 ||
        box.y + box.height > size.height + 0.5,
    )
    .map((box) => box.text);

test('"Renew now" on the lab page renews, and the chart labels neither overlap nor clip at 1280 and 390 px', async ({
  page,
}) => {
  // Sign-in, three renewals and two experiments: patience for a loaded machine, not a budget.
  test.slow();
  await page.setViewportSize(DESKTOP);
  await signInToLab(page);
  const chart = page.getByTestId('token-timeline');
  const renewNow = chart.getByRole('button', { name: 'Renew now', exact: true });
  // Several renewals of this tab, from the lab page itself.
  for (let count = 1; count <= 3; count += 1) {
    await renewNow.click();
    await expect(timelineEntries(page, 'renewed')).toHaveCount(count);
    await expect(renewNow).toBeEnabled();
  }
  // A failure (frame_blocked) and six renewals in the lab's lane.
  expect((await runExperiment(page, 'unframeable', 7)).code).toBe('frame_blocked');
  expect((await runExperiment(page, 'silent-renewal', 4)).code).toBe('renewed');
  const svg = page.getByTestId('token-timeline-svg');
  await expect(svg.locator('g.mark-failed[data-reason="frame_blocked"] text')).toHaveCount(1);
  await expect(svg.locator('g.mark-renewed[data-lane="session"]')).not.toHaveCount(0);
  // The current token runs on past the chart: until when, with its date.
  await expect(svg.locator('.bar-continues').first()).toHaveText(
    /^until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d →$/,
  );

  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    await expect(svg).toHaveAttribute('data-layout', viewport === PHONE ? 'narrow' : 'wide');
    const drawn = await chartTexts(page);
    expect(drawn.texts.map((box) => box.text)).toEqual(
      expect.arrayContaining(['now', '✗ frame_blocked']),
    );
    expect(overlaps(drawn.texts), `at ${viewport.width} px`).toEqual([]);
    expect(clipped(drawn.texts, drawn.viewBox), `at ${viewport.width} px`).toEqual([]);
    // Drawn at 1:1 (not a desktop drawing shrunk onto a phone), in text of a readable size.
    expect(Math.abs(drawn.shownWidth - drawn.viewBox.width)).toBeLessThan(1);
    expect(Math.min(...drawn.fontSizes)).toBeGreaterThanOrEqual(10);
    expect(drawn.viewBox.width).toBeLessThanOrEqual(viewport.width);
  }
});

test('a heading scrolled to stops below the sticky auth-state bar, at 1280 and 390 px', async ({
  page,
}) => {
  test.slow();
  await signInToLab(page);
  const bar = page.getByTestId('lab-auth-state');
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    for (const id of ['experiments-heading', 'experiment-unframeable-title']) {
      const place = await page.evaluate((headingId) => {
        const heading = document.getElementById(headingId);
        heading?.scrollIntoView();
        const bar = document.querySelector('[data-testid="lab-auth-state"]');
        return {
          heading: heading?.getBoundingClientRect().top ?? Number.NaN,
          barTop: bar?.getBoundingClientRect().top ?? Number.NaN,
          barBottom: bar?.getBoundingClientRect().bottom ?? Number.NaN,
          scrolled: window.scrollY,
        };
      }, id);
      // The page did scroll and the bar stuck to the top: the case where it could cover.
      expect(place.scrolled).toBeGreaterThan(0);
      expect(Math.abs(place.barTop)).toBeLessThan(1);
      expect(place.heading, `${id} at ${viewport.width} px`).toBeGreaterThanOrEqual(
        place.barBottom,
      );
    }
  }
  await expect(bar).toBeVisible();
});

test('the lab settings show each chosen option whole', async ({ page }) => {
  await page.goto('/');
  // 840 px: the aside is at its narrowest (16rem) beside the main column.
  for (const width of [1280, 840, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const cut = await page.locator('.lab-settings select').evaluateAll((selects) => {
      const context = document.createElement('canvas').getContext('2d');
      if (!context) throw new Error('no canvas');
      return (selects as HTMLSelectElement[]).flatMap((select) =>
        [...select.options].flatMap((option) => {
          const style = getComputedStyle(select);
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          // Room for the text: the box less its padding, its border and the drop-down arrow.
          const room =
            select.clientWidth -
            Number.parseFloat(style.paddingLeft) -
            Number.parseFloat(style.paddingRight) -
            20;
          return context.measureText(option.text).width > room ? [option.text] : [];
        }),
      );
    });
    expect(cut, `at ${width} px`).toEqual([]);
  }
});
