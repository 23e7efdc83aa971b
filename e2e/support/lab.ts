import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { signInOnHostedPage } from './login.ts';
import { authStatus } from './spa.ts';

/** One experiment's card on the lab page, by its id (data-testid="experiment-<id>"). */
export const experimentCard = (page: Page, id: string): Locator =>
  page.getByTestId(`experiment-${id}`);

/** Opens the lab and signs in from its header ("Log in"), back to the lab. */
export async function signInToLab(page: Page): Promise<void> {
  await page.goto('/lab');
  // The boot's silent sign-in (frame, login_required, cookie probe) settles first: a cause, not
  // a speed, so it gets the patience of a loaded machine (seen: 12 s at a load average of 21).
  await expect(authStatus(page)).toHaveText('anonymous', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await signInOnHostedPage(page);
  await expect(page).toHaveURL('/lab');
  await expect(authStatus(page)).toHaveText('authenticated');
}

export interface ExperimentOutcome {
  verdict: string | null;
  code: string | null;
  /** What settled the cause (cookie_probe, load_without_message…), where the experiment says. */
  decidedBy: string | null;
  summary: string;
  card: Locator;
}

/** Clicks "Run experiment N" and waits for the card's announced outcome. */
export async function runExperiment(
  page: Page,
  id: string,
  number: number,
  timeout = 20_000,
): Promise<ExperimentOutcome> {
  const card = experimentCard(page, id);
  await card.getByRole('button', { name: `Run experiment ${number}`, exact: true }).click();
  const outcome = card.getByTestId('experiment-outcome');
  await expect(outcome).toHaveAttribute('data-verdict', /.+/, { timeout });
  await expect(
    card.getByRole('button', { name: `Run experiment ${number}`, exact: true }),
  ).toBeEnabled({ timeout });
  return {
    verdict: await outcome.getAttribute('data-verdict'),
    code: await outcome.getAttribute('data-code'),
    decidedBy: await outcome.getAttribute('data-decided-by'),
    summary: (await outcome.textContent()) ?? '',
    card,
  };
}

/** axe-core (every rule) on the page as it is now; only serious and critical findings count. */
export async function seriousAccessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      targets: nodes.map((node) => node.target.join(' ')),
    }));
}
