/**
 * `@ApiProperty` options for an enumeration that may be null. OpenAPI 3.0 reads `nullable` as
 * adding null to the type while `enum` still limits the values, so null is listed in the enum
 * too: without it, a strict validator refuses the null the server sends.
 */
export const nullableEnum = (values: readonly string[]) => ({ type: String, enum: [...values, null] as unknown as string[], nullable: true });
