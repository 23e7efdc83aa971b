/** RFC 6749 §5.1 (and OIDC Core §3.1.3.3 for `id_token`). */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  /** `DPoP` when the access token is bound to a key (RFC 9449 §5). */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope: string;
}
