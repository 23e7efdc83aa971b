import { type OidcClient, User } from 'oidc-client-ts';
import type { ClientSettings } from './clientSettings.ts';
import { type FedCmEnvironment, type FedCmMediation, requestFedCmCode } from './fedcmCredential.ts';

export { browserFedCmEnvironment } from './fedcmCredential.ts';

/**
 * A sign-in through FedCM on oidc-client-ts: the library makes the request as for a silent
 * redirect (state, nonce and PKCE verifier in its state store), FedCM carries the nonce, PKCE
 * challenge, scope, audience and registered redirect URI to the server, and the code comes back
 * as the answer the redirect would have brought: the library exchanges it and checks the ID
 * token (nonce, issuer, audience) exactly as for the frame transports.
 */
export async function signInWithFedCm(
  client: OidcClient,
  settings: Pick<ClientSettings, 'issuer' | 'clientId' | 'silentRedirectUri' | 'audience'>,
  env: FedCmEnvironment,
  { mediation, nonce }: { mediation: FedCmMediation; nonce: string },
): Promise<User> {
  const request = await client.createSigninRequest({
    redirect_uri: settings.silentRedirectUri,
    nonce,
    extraQueryParams: { audience: settings.audience },
  });
  const authorize = new URL(request.url).searchParams;
  const code = await requestFedCmCode(env, {
    issuer: settings.issuer,
    clientId: settings.clientId,
    mediation,
    params: {
      nonce,
      code_challenge: authorize.get('code_challenge') ?? '',
      code_challenge_method: 'S256',
      scope: authorize.get('scope') ?? undefined,
      audience: settings.audience,
      redirect_uri: settings.silentRedirectUri,
    },
  });
  const answer = new URL(settings.silentRedirectUri);
  answer.search = new URLSearchParams({ code, state: request.state.id }).toString();
  return new User(await client.processSigninResponse(answer.href));
}
