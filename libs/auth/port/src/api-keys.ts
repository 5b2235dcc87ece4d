import { createHash, randomBytes } from 'node:crypto';

/** Every Lifeline key starts with this, so secret scanners and people can tell what it is. */
export const API_KEY_PREFIX = 'lfl_';
const KEY_SHAPE = /^lfl_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  /** Shown once, to the person who created it. */
  readonly secret: string;
  readonly id: string;
  readonly hash: string;
}

/**
 * `lfl_<id>_<256 random bits, base64url>`. The key carries 256 bits of entropy, so a fast
 * hash (SHA-256) is enough to store it: slow password hashes (bcrypt, scrypt, argon2) exist
 * to protect low-entropy secrets people choose, and would only add tens of milliseconds to
 * every request here. A stolen key table cannot be turned back into keys either way.
 */
export function generateApiKey(): NewApiKey {
  const id = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const secret = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { secret, id, hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether a bearer token is shaped like a Lifeline API key (else it may be a JWT). */
export function looksLikeApiKey(token: string): boolean {
  return KEY_SHAPE.test(token);
}

export const API_KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
