import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * A number within [min, max] (whole when `integer`), as one rule with one message: a value
 * that is not a number at all is told the rule once, not once per broken constraint.
 */
export function IsNumberInRange(range: { min: number; max: number; integer?: boolean }, options: ValidationOptions & { message: string }) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNumberInRange',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && (!range.integer || Number.isInteger(value)) && value >= range.min && value <= range.max,
      },
    });
}
