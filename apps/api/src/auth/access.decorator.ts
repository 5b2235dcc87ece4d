import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Role } from '@lifeline/auth/port';
import { ProblemDetailsDto } from '../customers/commands/shared/problem-details.dto';

export const ACCESS_METADATA = 'lifeline:access';
/** Name of the bearer scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/** Who may call a route: anyone (`public`), or callers holding one of `roles` (admin always may). */
export type AccessRule = { readonly public: true } | { readonly public: false; readonly roles: readonly Role[] };

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } });

/**
 * Declares which roles may call the route. Every route declares this or PublicAccess (a test
 * walks the route table); the guard refuses an undeclared route to all but admin. Also shown
 * in the OpenAPI document: the bearer requirement, `x-lifeline-roles` and the 401/403/429 answers.
 */
export function Access(...roles: [Role, ...Role[]]) {
  const allowed = roles.includes('admin') ? roles : [...roles, 'admin' as const];
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, { public: false, roles: allowed } satisfies AccessRule),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-lifeline-roles', allowed),
    ApiExtraModels(ProblemDetailsDto),
    problem(401, 'No credentials, or credentials that are unknown, revoked, expired or for another audience (with `WWW-Authenticate`)'),
    problem(403, `The caller's role may not call this; allowed: ${allowed.join(', ')}`),
    problem(429, 'Too many requests from this caller (with `Retry-After`)'),
  );
}

/** Open to anyone who can reach the port: health probes and the dashboard's static files (they hold no data). */
export function PublicAccess() {
  return applyDecorators(SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule), ApiExtension('x-lifeline-roles', []));
}
