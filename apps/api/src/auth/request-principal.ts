import type { Principal } from '@lifeline/auth/port';
import type { Request } from 'express';

const PRINCIPAL = Symbol('principal');
type WithPrincipal = Request & { [PRINCIPAL]?: Principal };

/** Set by the AuthGuard once the caller is known; read by command context, logs and the rate limiter. */
export function setPrincipal(request: Request, principal: Principal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}

export function principalOf(request: Request): Principal | undefined {
  return (request as WithPrincipal)[PRINCIPAL];
}
