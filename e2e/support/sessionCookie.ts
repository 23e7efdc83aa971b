import type { BrowserContext } from '@playwright/test';
import type { ControlClient } from '../../src/testing/controlClient.ts';
import { ALICE } from './stack.ts';

/**
 * Gives `context` a live server session without the login page: the server makes one through
 * its control API and the browser gets its cookie. The SPA's silent sign-in at its next page
 * load then signs in with it, as after any reload.
 */
export async function addServerSession(
  context: BrowserContext,
  control: ControlClient,
  authOrigin: string,
  email = ALICE.email,
): Promise<void> {
  const { cookie } = await control.createSession({ email });
  await context.addCookies([
    {
      name: cookie.name,
      value: cookie.value,
      domain: new URL(authOrigin).hostname,
      path: cookie.path,
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
      sameSite: cookie.sameSite,
      expires: cookie.expires,
    },
  ]);
}
