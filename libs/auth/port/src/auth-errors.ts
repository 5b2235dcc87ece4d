/**
 * The caller's credentials do not prove who they are: missing, malformed, unknown, revoked,
 * expired, for another audience, badly signed. Answered 401 with WWW-Authenticate.
 * `description` is safe to show the caller (it never repeats the credential).
 */
export class InvalidCredentialsError extends Error {
  constructor(
    readonly description: string,
    /** RFC 6750: `invalid_request` (no or malformed header) or `invalid_token`. */
    readonly error: 'invalid_request' | 'invalid_token' = 'invalid_token',
  ) {
    super(description);
    this.name = 'InvalidCredentialsError';
  }
}

/** Credentials could not be checked now (the issuer's key set is unreachable): 503, try again. */
export class CredentialsUncheckableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsUncheckableError';
  }
}
