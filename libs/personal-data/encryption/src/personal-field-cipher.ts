import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * How one personal value is stored: AES-256-GCM over its JSON, under the customer's key,
 * bound (associated data) to the event id and field name, so a ciphertext copied into another
 * event or field does not decrypt. An object in place of the value: every personal field was a
 * string (or absent) before encryption, so an old plaintext value is never mistaken for one.
 */
export interface EncryptedValue {
  /** `v1:` then base64 of IV (12 bytes) | tag (16 bytes) | ciphertext. */
  readonly lifelineEncrypted: string;
}

const VERSION_PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function isEncryptedValue(value: unknown): value is EncryptedValue {
  return typeof value === 'object' && value !== null && typeof (value as Partial<EncryptedValue>).lifelineEncrypted === 'string';
}

const associatedData = (eventId: string, field: string) => Buffer.from(`${eventId.toLowerCase()}\u0000${field}`, 'utf8');

export function encryptValue(key: Buffer, eventId: string, field: string, value: unknown): EncryptedValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(eventId, field));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { lifelineEncrypted: VERSION_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64') };
}

/** A stored value that does not decrypt under the customer's key: the log or the key store is damaged. */
export class UndecryptableValueError extends Error {
  constructor(eventId: string, field: string, cause: unknown) {
    super(`event ${eventId}: personal field ${field} does not decrypt under its customer's key (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'UndecryptableValueError';
  }
}

export function decryptValue(key: Buffer, eventId: string, field: string, stored: EncryptedValue): unknown {
  try {
    if (!stored.lifelineEncrypted.startsWith(VERSION_PREFIX)) throw new Error('unknown envelope version');
    const bytes = Buffer.from(stored.lifelineEncrypted.slice(VERSION_PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(eventId, field));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    return JSON.parse(plaintext) as unknown;
  } catch (error) {
    throw new UndecryptableValueError(eventId, field, error);
  }
}
