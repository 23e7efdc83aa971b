import type { BrowserContext, CDPSession, Page } from '@playwright/test';

export interface StorageAccessGrant {
  /** The top-level page's origin, e.g. the app's `http://localhost:5173`. */
  topOrigin: string;
  /** The framed origin that gets the grant, e.g. the server's `http://127.0.0.1:4400`. */
  embeddedOrigin: string;
}

interface PermissionSession {
  session: CDPSession;
  browserContextId: string;
}

/**
 * One CDP session per context that can set permissions. It stays attached for the context's
 * life: Chromium drops a session's permission overrides when it detaches (measured).
 */
const sessions = new WeakMap<BrowserContext, Promise<PermissionSession>>();

async function openPermissionSession(page: Page): Promise<PermissionSession> {
  const pageSession = await page.context().newCDPSession(page);
  const { targetInfo } = await pageSession.send('Target.getTargetInfo');
  const { browserContextId } = targetInfo;
  if (browserContextId === undefined) throw new Error('Chromium named no browser context');
  const browser = page.context().browser();
  // A persistent context has no Browser object; its page session speaks the Browser domain too.
  if (!browser) return { session: pageSession, browserContextId };
  await pageSession.detach();
  return {
    session: await browser.newBrowserCDPSession(),
    browserContextId,
  };
}

function permissionSessionFor(page: Page): Promise<PermissionSession> {
  const context = page.context();
  let session = sessions.get(context);
  if (!session) {
    session = openPermissionSession(page);
    session.catch(() => sessions.delete(context));
    sessions.set(context, session);
  }
  return session;
}

/**
 * What a person's "Allow" in the browser's storage access prompt leaves behind, for
 * (`topOrigin`, `embeddedOrigin`) in `page`'s context: the embedded site's frames then arrive
 * with `Sec-Fetch-Storage-Access: inactive`, and `document.requestStorageAccess()` resolves there
 * (headless Chromium never prompts, so without a grant it rejects). Playwright's
 * `context.grantPermissions(['storage-access'])` has no effect (measured with 1.65 and Chromium
 * 156); this sets it through the browser's CDP domain. Chromium only.
 */
export async function grantStorageAccess(
  page: Page,
  { topOrigin, embeddedOrigin }: StorageAccessGrant,
): Promise<void> {
  const { session, browserContextId } = await permissionSessionFor(page);
  await session.send('Browser.setPermission', {
    permission: { name: 'storage-access' },
    setting: 'granted',
    origin: new URL(topOrigin).origin,
    embeddedOrigin: new URL(embeddedOrigin).origin,
    browserContextId,
  });
}

/**
 * Takes back every storage access grant of `page`'s context (CDP `Browser.resetPermissions`,
 * which resets the context's other permission overrides as well).
 */
export async function revokeStorageAccess(page: Page): Promise<void> {
  const { session, browserContextId } = await permissionSessionFor(page);
  await session.send('Browser.resetPermissions', { browserContextId });
}
