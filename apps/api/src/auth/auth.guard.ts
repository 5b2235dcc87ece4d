import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CredentialsUncheckableError, InvalidCredentialsError, mayCall } from '@lifeline/auth/port';
import type { Request, Response } from 'express';
import { ProblemError } from '../http/problem-details';
import { ACCESS_METADATA, type AccessRule } from './access.decorator';
import { Authenticator } from './authenticator';
import { setPrincipal } from './request-principal';

/** A route that forgot to declare its access is open to admin only (and the route-table test fails). */
const UNDECLARED: AccessRule = { public: false, roles: ['admin'] };

/** The one guard: who is calling (401 if unknown), and may their role call this route (403 if not). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]) ?? UNDECLARED;
    if (rule.public) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();

    let principal;
    try {
      principal = await this.authenticator.authenticate(request);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        // RFC 6750 §3: no error code when no credentials were sent at all.
        const parameters = error.error === 'invalid_request' && request.headers.authorization === undefined ? '' : `, error="${error.error}", error_description="${error.description.replace(/["\\]/g, "'")}"`;
        response.setHeader('WWW-Authenticate', `Bearer realm="lifeline"${parameters}`);
        throw new ProblemError({ type: '/problems/unauthorized', title: 'Authentication required', status: HttpStatus.UNAUTHORIZED, detail: error.description });
      }
      if (error instanceof CredentialsUncheckableError) {
        response.setHeader('Retry-After', '30');
        throw new ProblemError({ type: '/problems/credentials-uncheckable', title: 'Credentials cannot be checked now', status: HttpStatus.SERVICE_UNAVAILABLE, detail: error.message });
      }
      throw error;
    }
    setPrincipal(request, principal);
    if (!mayCall(principal.roles, rule.roles)) {
      const held = principal.roles.length === 0 ? 'no Lifeline role' : `the role(s) ${principal.roles.join(', ')}`;
      throw new ProblemError({
        type: '/problems/forbidden',
        title: 'Not allowed for this role',
        status: HttpStatus.FORBIDDEN,
        detail: `${principal.name} holds ${held}; this route needs one of: ${rule.roles.join(', ')}`,
      });
    }
    return true;
  }
}
