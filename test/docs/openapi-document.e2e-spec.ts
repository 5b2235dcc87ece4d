import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDataDir, startApi, type RunningApi } from '../support/api-harness';

/**
 * docs/openapi.json is what API consumers generate clients from without running the service;
 * it must be the document the code serves. On a difference: `npm run openapi`.
 */
describe('docs/openapi.json', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('is the OpenAPI document the API serves (regenerate with `npm run openapi`)', async () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')) as Record<string, unknown>;
    const { body: served } = await api.http().get('/docs-json').expect(200);
    expect(Object.keys(served.paths).sort()).toEqual(Object.keys(committed['paths'] as object).sort());
    expect(served).toEqual(committed);
  });

  it('puts every operation under exactly one tag, so generated clients get one class per capability', async () => {
    const { body: served } = await api.http().get('/docs-json').expect(200);
    const operations = Object.entries(served.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ operation: `${method.toUpperCase()} ${path}`, tags: operation.tags })),
    );
    expect(operations.filter(({ tags }) => tags?.length !== 1)).toEqual([]);
  });

  it('gives every success answer a schema, so generated clients type it (none described in prose only)', async () => {
    const { body: served } = await api.http().get('/docs-json').expect(200);
    type Responses = Record<string, { content?: Record<string, { schema?: object }> }>;
    const answers = Object.entries(served.paths as Record<string, Record<string, { responses: Responses }>>).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        Object.entries(operation.responses)
          .filter(([status]) => status.startsWith('2'))
          .map(([status, response]) => ({ answer: `${method.toUpperCase()} ${path} ${status}`, types: Object.entries(response.content ?? {}) })),
      ),
    );
    expect(answers.length).toBeGreaterThan(30);
    expect(answers.filter(({ types }) => types.length === 0 || types.some(([, media]) => media.schema === undefined)).map(({ answer }) => answer)).toEqual([]);
  });
});
