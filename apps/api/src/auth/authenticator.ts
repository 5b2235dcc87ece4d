import { hashApiKey, InvalidCredentialsError, looksLikeApiKey, type ApiKeyStore, type Principal } from '@lifeline/auth/port';
import type { JwtVerifier } from '@lifeline/auth/jwt';
import type { Request } from 'express';

/** Who calls in protected mode: anyone on this machine, with every right (as Redis's protected mode). */
export const LOCAL_PRINCIPAL: Principal = { kind: 'local', name: 'local', roles: ['admin'] };

/** A key's last use is written at most this often: a write per request would be a write per read. */
const TOUCH_INTERVAL_MS = 60_000;
/** How long "no key exists yet" is believed in protected mode before the store is asked again. */
const KEY_COUNT_TTL_MS = 1_000;

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Turns a request's `Authorization: Bearer …` into a Principal: a Lifeline API key (looked
 * up by its SHA-256) or, when an issuer is configured, an OIDC/JWT token. Without a header
 * the caller is LOCAL_PRINCIPAL only in protected mode: no key and no issuer existed at
 * start, still no key exists, and the request comes from loopback.
 */
export class Authenticator {
  private localCallersTrusted: boolean;
  private keyCountCheckedAt = 0;
  private readonly touchedAt = new Map<string, number>();

  private constructor(
    private readonly keys: ApiKeyStore,
    private readonly jwt: JwtVerifier | undefined,
    /** No key and no issuer at start: the server must listen on loopback only. */
    readonly protectedMode: boolean,
  ) {
    this.localCallersTrusted = protectedMode;
  }

  static async create(keys: ApiKeyStore, jwt: JwtVerifier | undefined): Promise<Authenticator> {
    return new Authenticator(keys, jwt, jwt === undefined && (await keys.count()) === 0);
  }

  async authenticate(request: Request): Promise<Principal> {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      if (await this.trustsLocalCaller(request)) return LOCAL_PRINCIPAL;
      throw new InvalidCredentialsError('this route needs credentials: send Authorization: Bearer <API key or token>', 'invalid_request');
    }
    const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
    if (!match) throw new InvalidCredentialsError('the Authorization header must read "Bearer <API key or token>"', 'invalid_request');
    const token = match[1]!;
    if (looksLikeApiKey(token)) return this.byApiKey(token);
    if (this.jwt !== undefined) return this.jwt.verify(token);
    throw new InvalidCredentialsError('the bearer credential is not a Lifeline API key (and no token issuer is configured)');
  }

  private async byApiKey(secret: string): Promise<Principal> {
    const record = await this.keys.findByHash(hashApiKey(secret));
    if (record === undefined) throw new InvalidCredentialsError('unknown or revoked API key');
    const now = Date.now();
    if (now - (this.touchedAt.get(record.id) ?? 0) > TOUCH_INTERVAL_MS) {
      this.touchedAt.set(record.id, now);
      this.keys.touch(record.id, new Date(now).toISOString()).catch(() => this.touchedAt.delete(record.id));
    }
    return { kind: 'api-key', name: `key:${record.name}`, roles: [record.role] };
  }

  private async trustsLocalCaller(request: Request): Promise<boolean> {
    if (!this.localCallersTrusted || !LOOPBACK.test(request.socket.remoteAddress ?? '')) return false;
    const now = Date.now();
    if (now - this.keyCountCheckedAt > KEY_COUNT_TTL_MS) {
      this.keyCountCheckedAt = now;
      // The first key ends protected mode for good (also if it is revoked later).
      if ((await this.keys.count()) > 0) this.localCallersTrusted = false;
    }
    return this.localCallersTrusted;
  }
}
