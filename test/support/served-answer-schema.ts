import Ajv from 'ajv';
import type { RunningApi } from './api-harness';

type Schema = Record<string, unknown>;

/**
 * OpenAPI 3.0 schema → JSON Schema (draft-07), the way schemathesis reads it: `nullable` adds
 * null, siblings of `$ref` are ignored, component references point into `definitions`. Stricter
 * than the document in one way: an object may hold no property its schema does not name, so a
 * field sent but not documented fails as well as a documented one missing or of another type.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Schema;
  if (typeof source['$ref'] === 'string') {
    const ref = { $ref: source['$ref'].replace('#/components/schemas/', '#/definitions/') };
    return source['nullable'] === true ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  const schema: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'discriminator') continue;
    schema[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, toJsonSchema(s)])) : toJsonSchema(value);
  }
  if (schema['properties'] !== undefined && schema['additionalProperties'] === undefined) schema['additionalProperties'] = false;
  return source['nullable'] === true ? { anyOf: [schema, { type: 'null' }] } : schema;
}

/**
 * A validator for an operation's JSON answer, built from the OpenAPI document the API serves
 * (GET /docs-json): `check(body)` lists where the body departs from the operation's success
 * schema (empty when it conforms).
 */
export async function servedAnswerSchema(api: RunningApi, method: 'get' | 'post', path: string): Promise<(body: unknown) => string[]> {
  const { body: document } = await api.http().get('/docs-json').expect(200);
  const responses = document.paths?.[path]?.[method]?.responses as Record<string, { content?: Record<string, { schema?: unknown }> }> | undefined;
  const success = Object.entries(responses ?? {}).find(([status]) => status.startsWith('2'))?.[1];
  const schema = success?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`the served document has no JSON answer schema for ${method.toUpperCase()} ${path}`);
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    formats: {
      'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/,
      date: /^\d{4}-\d{2}-\d{2}$/,
    },
  });
  const validate = ajv.compile({ ...(toJsonSchema(schema) as Schema), definitions: Object.fromEntries(Object.entries((document.components?.schemas ?? {}) as Schema).map(([name, s]) => [name, toJsonSchema(s)])) });
  return (body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(answer)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}
