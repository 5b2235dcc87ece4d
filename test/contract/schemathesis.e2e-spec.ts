import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

/**
 * Schemathesis (property-based tests generated from the OpenAPI document) against the real
 * API on 127.0.0.1 with a small seeded store. .ci/run installs the pinned version into a venv
 * outside the repository and sets SCHEMATHESIS_BIN; elsewhere `schemathesis` on PATH is used.
 */
const BIN = process.env['SCHEMATHESIS_BIN'] ?? 'schemathesis';
const INSTALLED = spawnSync(BIN, ['--version'], { encoding: 'utf8' }).status === 0;
/** The checks issue 12 asks to pass: no 5xx, declared status codes, content types, headers and body schemas. */
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_headers_conformance', 'response_schema_conformance'];

function run(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Asynchronous: the API answers from this same process.
    const child = spawn(BIN, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, output }));
  });
}

(INSTALLED ? describe : describe.skip)(
  INSTALLED ? 'schemathesis against the served OpenAPI document' : `schemathesis against the served OpenAPI document (skipped: no ${BIN} found; .ci/run installs it, or pip install schemathesis)`,
  () => {
    let api: RunningApi;
    let workDir: string;
    beforeAll(async () => {
      api = await startApi();
      workDir = mkdtempSync(join(tmpdir(), 'lifeline-schemathesis-'));
      // Ids the generated requests can reach besides random ones (c-1, k-1 are typical examples).
      await api.http().post('/customers').send(acquisition('c-1')).expect(201);
      await api.http().post('/customers/c-1/complaints').send({ complaintId: 'k-1', category: 'billing', severity: 'low', channel: 'email', description: 'late', occurredAt: '2025-02-01T10:00:00Z' }).expect(201);
      await api.http().post('/customers/c-1/purchases').send({ amount: '19.99', currency: 'EUR', occurredAt: '2025-02-02T10:00:00Z' }).expect(201);
    });
    afterAll(async () => {
      await api.stop();
      removeDataDir(api.config.dataDir);
      rmSync(workDir, { recursive: true, force: true });
    });

    it('every operation passes the default conformance checks: no 5xx, no undeclared status, content type or schema', async () => {
      const { code, output } = await run(
        [
          'run',
          `${api.url}/docs-json`,
          '--checks',
          CHECKS.join(','),
          '--phases',
          'examples,coverage,fuzzing',
          '--max-examples',
          '10',
          '--seed',
          '12',
          '--workers',
          '1',
          // As an admin, so the generated requests reach each operation's logic, not only the auth guard.
          ...Object.entries(api.authorization).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
          // An SSE stream never ends; the feed's pages are tested through GET /feed/events.
          '--exclude-path',
          '/feed/events/stream',
        ],
        workDir,
      );
      if (code !== 0) throw new Error(`schemathesis exited ${code}:\n${output.slice(-6000)}`);
      expect(output).toMatch(/generated, \d+ passed/);
    }, 240_000);
  },
);
