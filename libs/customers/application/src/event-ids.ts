import { hash } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';

/** Fixed namespace for ids derived from an idempotency key (never change it: ids would change). */
const IDEMPOTENT_EVENT_NAMESPACE = '3f1b7c2e-5a0d-4e8b-9c61-2d7f4a9e0b35';
const NAMESPACE_BYTES = Buffer.from(IDEMPOTENT_EVENT_NAMESPACE.replace(/-/g, ''), 'hex');

/** What an idempotent command's event ids are derived from. */
export interface EventIdDerivation {
  readonly idempotencyKey: string;
  readonly commandType: string;
  readonly streamId: string;
}

/**
 * With an idempotency key, the id of the index-th event a command writes is derived from
 * it, so a retry of a command that was appended before a crash produces the same ids and
 * is recognised in the stream instead of being written twice. Without one: random.
 */
export function eventIdFor(index: number, derivation?: EventIdDerivation): string {
  return derivation ? uuidV5(`${derivation.idempotencyKey}\n${derivation.commandType}\n${derivation.streamId}\n${index}`) : uuidv4();
}

/**
 * RFC 9562 version 5 (SHA-1, name-based) in our namespace: the same ids as `uuid`'s v5, which
 * made them before, at a fraction of its cost (it converts the name to bytes one character at a
 * time; an import derives a million of these).
 */
function uuidV5(name: string): string {
  // One-shot hash of namespace + name (no Hash object per id); the version and variant bits set on the hex digits.
  const input = Buffer.allocUnsafe(16 + Buffer.byteLength(name, 'utf8'));
  NAMESPACE_BYTES.copy(input, 0);
  input.write(name, 16, 'utf8');
  const hex = hash('sha1', input, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${VARIANT_DIGIT[parseInt(hex[16]!, 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The high hex digit of byte 8 with its top two bits set to the RFC variant 10. */
const VARIANT_DIGIT = '89ab';
