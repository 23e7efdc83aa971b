import { ImplicitFlowError } from './implicitFlowError.ts';

/** The endpoints the implicit client needs (OIDC Discovery §3). */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

/**
 * Reads `${issuer}.well-known/openid-configuration`. The document must name the very issuer
 * it was fetched for (Discovery §4.3), or its keys would vouch for another server's tokens.
 * A network failure stays a TypeError (classified as network_error).
 */
export async function loadProviderMetadata(
  issuer: string,
  fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args),
): Promise<ProviderMetadata> {
  const response = await fetchImpl(`${issuer}.well-known/openid-configuration`);
  const invalid = (why: string) =>
    new ImplicitFlowError('discovery_invalid', `The discovery document ${why}`);
  if (!response.ok) throw invalid(`answered HTTP ${response.status}`);
  let metadata: Partial<ProviderMetadata>;
  try {
    metadata = await response.json();
  } catch {
    throw invalid('is not JSON');
  }
  if (metadata.issuer !== issuer) {
    throw invalid(`names issuer ${JSON.stringify(metadata.issuer)}, expected ${issuer}`);
  }
  if (
    typeof metadata.authorization_endpoint !== 'string' ||
    typeof metadata.jwks_uri !== 'string'
  ) {
    throw invalid('lacks authorization_endpoint or jwks_uri');
  }
  return metadata as ProviderMetadata;
}
