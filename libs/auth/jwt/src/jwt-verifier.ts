import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { CredentialsUncheckableError, InvalidCredentialsError, isRole, type Principal, type Role } from '@lifeline/auth/port';

export interface JwtVerifierSettings {
  readonly issuer: string;
  readonly audience: string;
  /** The key set; discovered from `<issuer>/.well-known/openid-configuration` when absent. */
  readonly jwksUrl?: string;
  /** Claim with the roles, dotted path allowed (`realm_access.roles`); a string or an array of strings. */
  readonly rolesClaim: string;
  /** Clock skew tolerated on exp/nbf/iat, seconds. Default 30. */
  readonly clockToleranceSeconds?: number;
  /** Shortest wait between two key-set fetches (a token naming an unknown key triggers one). Default 30 s. */
  readonly keySetCooldownMs?: number;
}

/** Signatures only with public-key algorithms: a symmetric one would let anyone holding a JWKS-published key sign. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Keys are re-fetched at most this often when a token names an unknown key (rotation), and at least this often anyway. */
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;

/**
 * Verifies OIDC/JWT bearer tokens against the issuer's published keys (jose does the
 * cryptography and caches the key set; an unknown `kid` triggers a re-fetch, which is how
 * key rotation reaches us). Checks signature, issuer, audience, expiry and not-before.
 */
export class JwtVerifier {
  private keySet: Promise<JWTVerifyGetKey> | undefined;

  constructor(private readonly settings: JwtVerifierSettings) {}

  async verify(token: string): Promise<Principal> {
    const keys = await this.keys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ALGORITHMS,
        clockTolerance: this.settings.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw toCredentialsError(error);
    }
    return { kind: 'jwt', name: `jwt:${payload.sub}`, roles: rolesIn(valueAt(payload, this.settings.rolesClaim)) };
  }

  private keys(): Promise<JWTVerifyGetKey> {
    this.keySet ??= this.discoverKeySet().catch((error: unknown) => {
      this.keySet = undefined; // try again on the next request
      throw error;
    });
    return this.keySet;
  }

  private async discoverKeySet(): Promise<JWTVerifyGetKey> {
    const jwksUrl = this.settings.jwksUrl ?? (await this.discoverJwksUrl());
    return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: this.settings.keySetCooldownMs ?? JWKS_COOLDOWN_MS, cacheMaxAge: JWKS_MAX_AGE_MS, timeoutDuration: FETCH_TIMEOUT_MS });
  }

  private async discoverJwksUrl(): Promise<string> {
    const discovery = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(discovery, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new CredentialsUncheckableError(`cannot read the token issuer's configuration at ${discovery}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (document.issuer !== this.settings.issuer) {
      throw new CredentialsUncheckableError(`${discovery} names issuer ${JSON.stringify(document.issuer)}, not the configured ${this.settings.issuer}`);
    }
    if (typeof document.jwks_uri !== 'string') throw new CredentialsUncheckableError(`${discovery} has no jwks_uri`);
    return document.jwks_uri;
  }
}

function toCredentialsError(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new InvalidCredentialsError('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new InvalidCredentialsError(`the token's ${error.claim} claim is not accepted${error.reason === 'missing' ? ' (missing)' : ''}`);
  if (error instanceof errors.JWKSTimeout) return new CredentialsUncheckableError("the token issuer's key set did not answer in time");
  if (error instanceof errors.JWKSNoMatchingKey) return new InvalidCredentialsError("the token is signed with a key the issuer does not publish");
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidCredentialsError('the token signature is not valid');
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidCredentialsError('the token is signed with an algorithm that is not accepted');
  if (error instanceof errors.JOSEError) return new InvalidCredentialsError('the token is not a valid signed JWT');
  // fetch failures of the key set (connection refused, DNS): not the caller's fault.
  return new CredentialsUncheckableError(`cannot fetch the token issuer's key set: ${error instanceof Error ? error.message : String(error)}`);
}

function valueAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** Known roles only; a string claim may list several, separated by spaces or commas. */
function rolesIn(claim: unknown): Role[] {
  const values = typeof claim === 'string' ? claim.split(/[\s,]+/) : Array.isArray(claim) ? claim : [];
  return [...new Set(values.filter(isRole))];
}
