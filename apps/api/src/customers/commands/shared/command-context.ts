import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandContext } from '@lifeline/customers/application';
import type { Request } from 'express';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import { principalOf } from '../../../auth/request-principal';
import { correlationIdOf } from '../../../http/correlation-id';
import { scopedIdempotencyKeyOf } from '../../../http/idempotency';

/** Who issued an HTTP command. */
export const HTTP_ACTOR = 'api';

/** Fixed namespace for ids generated from an idempotency key (never change it). */
const GENERATED_ID_NAMESPACE = '9b0e6a44-1f57-4c3e-8d2a-6c5f0e7b91d4';

/** The request's correlation id and scoped idempotency key, for the command and its events. */
export const RequestCommandContext = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<Request>();
  const idempotencyKey = scopedIdempotencyKeyOf(request);
  const correlationId = correlationIdOf(request);
  const principal = principalOf(request)?.name;
  return {
    actor: HTTP_ACTOR,
    ...(principal !== undefined && { principal }),
    ...(correlationId !== undefined && { correlationId }),
    ...(idempotencyKey !== undefined && { idempotencyKey }),
  };
});

/**
 * An id the caller did not give. With an idempotency key it is derived from the key, so a
 * retry after a lost answer names the same contact/complaint/order/customer as the first try.
 */
export function generatedId(context: CommandContext, field: string): string {
  return context.idempotencyKey === undefined ? uuidv4() : uuidv5(`${context.idempotencyKey}\n${field}`, GENERATED_ID_NAMESPACE);
}

export const nowIso = () => new Date().toISOString();
