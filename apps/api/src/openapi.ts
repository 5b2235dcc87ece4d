import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '@lifeline/config';
import { createHttpApp } from './http/create-http-app';
import { buildOpenApiDocument } from './http/openapi';

/**
 * Writes the OpenAPI document (the same one GET /docs-json serves) to a file, default
 * docs/openapi.json: `node dist/apps/api/src/openapi.js [file]` after `npm run build`.
 * The app is built on a throw-away data dir and never listens.
 */
async function exportOpenApi(target = 'docs/openapi.json'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-openapi-'));
  try {
    const app = await createHttpApp({ ...loadConfig({ LOG_LEVEL: 'silent', LIFELINE_DEMO: 'off', LIFELINE_RUN_DEADLINES: 'false' }), dataDir }, { logger: false });
    await app.init();
    writeFileSync(resolve(target), `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    await app.close();
    console.log(`OpenAPI document written to ${target}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

exportOpenApi(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
