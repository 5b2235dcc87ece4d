import { ENTITY_ID_PATTERN, ENTITY_ID_RULE, InvalidAmountError, MAX_PURCHASE_AMOUNT, parseAmountToMinorUnits } from '@lifeline/customers/domain';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The field may be left out, but if present it must be valid: unlike @IsOptional, `null`
 * is not taken as "absent" (it would otherwise reach the events as a value).
 */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

/** Ids callers may choose (customer, contact, complaint, order): the domain's one pattern. */
export { ENTITY_ID_PATTERN, ENTITY_ID_RULE };

const ISO_DATE_TIME_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Business times the API takes: the years 1900 to 2200, in UTC. */
export const MIN_BUSINESS_YEAR = 1900;
export const MAX_BUSINESS_YEAR = 2200;
const EARLIEST_INSTANT = Date.parse(`${MIN_BUSINESS_YEAR}-01-01T00:00:00Z`);
const END_INSTANT = Date.parse(`${MAX_BUSINESS_YEAR + 1}-01-01T00:00:00Z`);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A real instant: ISO-8601 date-time with a zone (Z or ±hh:mm), a calendar date that exists,
 * within MIN_BUSINESS_YEAR..MAX_BUSINESS_YEAR. Checked field by field (Date.UTC would read
 * the years 0-99 as 1900-1999).
 */
export function isBusinessTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE_TIME_WITH_ZONE.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  if (year! < MIN_BUSINESS_YEAR || year! > MAX_BUSINESS_YEAR || month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!)) return false;
  if (hour! > 23 || minute! > 59 || second! > 59 || offsetHours! > 23 || offsetMinutes! > 59) return false;
  const instant = Date.parse(value);
  return instant >= EARLIEST_INSTANT && instant < END_INSTANT;
}

export function IsBusinessTime(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBusinessTime',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO-8601 date-time with a zone within the years ${MIN_BUSINESS_YEAR} to ${MAX_BUSINESS_YEAR}, like 2025-02-01T10:15:00Z`, ...options },
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
      options: { message: `${propertyName} must be a decimal string greater than 0 and at most ${MAX_PURCHASE_AMOUNT}, with at most 2 decimals, like "19.99"`, ...options },
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
