import { html, htmlDocument } from '../html.ts';

export const WRONG_CREDENTIALS_MESSAGE = 'Wrong email or password.';

export interface LoginFormInput {
  /** Where the form posts. */
  action: string;
  hiddenFields: Readonly<Record<string, string>>;
  /** What the sign-in is for ("to continue to …"). */
  clientName: string;
  email?: string;
  failed?: boolean;
}

/** The hosted login form: labels "Email" and "Password", button "Sign in" (the e2e contract). */
export const loginForm = ({
  action,
  hiddenFields,
  clientName,
  email = '',
  failed = false,
}: LoginFormInput): string =>
  htmlDocument(
    'Sign in',
    html`<main>
<h1>Sign in</h1>
<p>to continue to <strong>${clientName}</strong></p>
${failed && html`<p class="error" role="alert">${WRONG_CREDENTIALS_MESSAGE}</p>`}
<form method="post" action="${action}">
${Object.entries(hiddenFields).map(
  ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`,
)}<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${email}"${!failed && html` autofocus`}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${failed && html` autofocus`}>
<button type="submit">Sign in</button>
</form>
</main>`,
  );

export interface LoginPageInput {
  interactionId: string;
  csrfToken: string;
  clientName: string;
  email?: string;
  failed?: boolean;
}

/** The login page of an authorization request. */
export const loginPage = ({ interactionId, csrfToken, ...rest }: LoginPageInput): string =>
  loginForm({
    action: '/u/login',
    hiddenFields: { state: interactionId, csrf: csrfToken },
    ...rest,
  });
