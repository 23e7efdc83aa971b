import { AccessTokenExpiry } from './AccessTokenExpiry.tsx';
import { useAuth, useClientSettings } from './AuthContext.tsx';
import { RenewalControls } from './RenewalControls.tsx';

export function HomePage() {
  const session = useAuth((state) => state.session);
  const { signInMode } = useClientSettings();

  return (
    <section aria-labelledby="home-heading">
      <h1 id="home-heading">Silent Auth Lab</h1>
      <p>
        This single-page app signs you in with OAuth 2.0 and OpenID Connect (
        {signInMode === 'implicit'
          ? 'the legacy implicit flow, chosen in this tab: tokens come back in the URL fragment'
          : 'authorization code with PKCE'}
        ) and keeps its tokens in memory only. It never asks for a refresh token: a browser cannot
        keep one safe. Instead it renews its access token by asking the authorization server again,
        silently, in a hidden frame
        {signInMode === 'implicit' ? ' (checkSession, answered by web_message)' : ''}.
      </p>
      {session ? (
        <>
          <p>
            Signed in as <strong>{session.name ?? session.email ?? session.sub}</strong>
            {session.email && session.name ? ` (${session.email})` : ''}. The access token expires
            at <AccessTokenExpiry />.
          </p>
          <RenewalControls />
          <p className="muted">
            The menu above leads to your ID token claims and to the demo resource server.
          </p>
        </>
      ) : (
        <p>
          Log in to see your ID token claims and to call the demo resource server with your access
          token. The tokens live only in this tab's memory: a reload forgets them, then the app asks
          your other tabs, or the authorization server silently, whether you are still signed in.
        </p>
      )}
    </section>
  );
}
