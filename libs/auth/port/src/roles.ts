/**
 * The roles a caller may hold. A route declares the roles that may call it; `admin` may call
 * every route, and `analyst` every route a `reader` may (see docs/security.md for the table).
 */
export const ROLES = ['writer', 'reader', 'analyst', 'consumer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles that hold every right of another role on top of their own. */
const INCLUDES: Readonly<Record<Role, readonly Role[]>> = {
  writer: [],
  reader: [],
  analyst: ['reader'],
  consumer: [],
  operator: [],
  admin: [...ROLES],
};

/** Whether a caller holding `held` may call a route open to `allowed`. */
export function mayCall(held: readonly Role[], allowed: readonly Role[]): boolean {
  return held.some((role) => allowed.includes(role) || INCLUDES[role].some((included) => allowed.includes(included)));
}
