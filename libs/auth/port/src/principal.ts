import type { Role } from './roles';

/**
 * Who is calling. `name` is what events, CloudEvents and logs record: `key:<key name>`,
 * `jwt:<token subject>`, or `local` (protected mode: no credentials exist yet and only this
 * machine can connect). Never a secret.
 */
export interface Principal {
  readonly kind: 'api-key' | 'jwt' | 'local';
  readonly name: string;
  readonly roles: readonly Role[];
}
