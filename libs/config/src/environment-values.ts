import { z } from 'zod';

/** An empty or blank variable counts as unset (a `KEY=` line in a .env file means "use the default"). */
export const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A whole number from `min` to `max` given as decimal digits, `fallback` when unset. */
export const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .refine((value) => value >= min && value <= max, `must be a whole number from ${min} to ${max}`)
      .default(fallback),
  );
