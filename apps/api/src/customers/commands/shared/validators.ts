import { InvalidAmountError, parseAmountToMinorUnits } from '@lifeline/customers/domain';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The field may be left out, but if present it must be valid: unlike @IsOptional, `null`
 * is not taken as "absent" (it would otherwise reach the events as a value).
 */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

/** Ids callers may choose (customer, contact, complaint, order): safe in URLs, stream names and logs. */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const ENTITY_ID_RULE = '1 to 64 characters of A-Z a-z 0-9 . _ -';

const ISO_DATE_TIME_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A real instant: ISO-8601 date-time with a zone (Z or ±hh:mm), and a calendar date that exists. */
export function isBusinessTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE_TIME_WITH_ZONE.exec(value);
  if (!match || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return date.getUTCMonth() === month! - 1 && date.getUTCDate() === day! && hour! < 24 && minute! < 60 && second! < 60;
}

export function IsBusinessTime(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBusinessTime',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO-8601 date-time with a zone, like 2025-02-01T10:15:00Z`, ...options },
      validator: { validate: isBusinessTime },
    });
}

/** A decimal string with at most 2 decimals and greater than 0, as parseAmountToMinorUnits takes it. */
export function IsDecimalAmount(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDecimalAmount',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a decimal string greater than 0 with at most 2 decimals, like "19.99"`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            parseAmountToMinorUnits(value);
            return true;
          } catch (error) {
            if (error instanceof InvalidAmountError) return false;
            throw error;
          }
        },
      },
    });
}
