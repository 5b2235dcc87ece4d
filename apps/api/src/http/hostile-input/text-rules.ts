/**
 * What text the API takes. Every string (body field, query value) must be well-formed
 * Unicode (no lone UTF-16 surrogates) without control characters; the free-text fields
 * listed in MULTILINE_TEXT_FIELDS may also hold line breaks and tabs. Stored text is then
 * the same for every consumer (SQLite JSON functions, Mongo, Kafka, CSV export).
 */
export const MULTILINE_TEXT_FIELDS: ReadonlySet<string> = new Set(['description', 'note', 'resolution']);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// C0 controls, DEL and C1 controls; \t \n \r are the only ones free text may hold.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Why `value` is not acceptable text, or undefined when it is. */
export function textProblem(value: string, multiline: boolean): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';
  if ((multiline ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL).test(value)) {
    return multiline ? 'must not contain control characters other than line breaks and tabs' : 'must be one line without control characters';
  }
  return undefined;
}
