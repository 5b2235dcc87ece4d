import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateApiKey } from '@lifeline/auth/port';
import { SqliteApiKeyStore } from '@lifeline/auth/sqlite';
import { buildApi, spawnApi, postJson, type SpawnedApi } from '../operations/spawned-api';

describe('protected mode (the built API, spawned as npm start runs it)', () => {
  let dir: string;
  let main: string;
  let running: SpawnedApi | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-protected-'));
    main = buildApi(join(dir, 'dist'));
  }, 60_000);
  afterEach(async () => {
    await running?.stop('SIGKILL');
    running = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with no key and no issuer listens on loopback only, says so, and serves this machine without credentials', async () => {
    running = await spawnApi(main, { LIFELINE_DATA_DIR: join(dir, 'open'), LIFELINE_DEMO: 'off' });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The notice is written between the "listening on" line and the JSON "listening" log, and may
    // reach this process in a later chunk than the first: wait for the log, which follows it.
    await running.waitForLog((log) => log['msg'] === 'listening');
    expect(running.lines.join('\n')).toMatch(/^protected mode: no API key and no token issuer configured, so only this machine \(127\.0\.0\.1\) can connect/m);
    expect((await postJson(running, '/customers', { customerId: 'c-local', name: 'Ada', acquisitionChannel: 'web' })).status).toBe(201);
    const line = await running.waitForLog((log) => (log['req'] as { url?: string } | undefined)?.url === '/customers');
    expect(line).toMatchObject({ principal: 'local', res: { status: 201 } });
  }, 60_000);

  it('refuses to serve another address without authentication: one line, exit 1, nothing listening', () => {
    const started = spawnSync(process.execPath, [main], {
      env: { PATH: process.env['PATH'] ?? '', NODE_PATH: resolve(__dirname, '../../node_modules'), PORT: '0', LIFELINE_DATA_DIR: join(dir, 'exposed'), LIFELINE_DEMO: 'off', LIFELINE_HOST: '0.0.0.0', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toBe(
      'LIFELINE_HOST=0.0.0.0 serves other machines, which needs authentication: create a key first (lifeline keys create --role admin) or set LIFELINE_JWT_ISSUER\n',
    );
    expect(started.stdout).not.toContain('listening on');
  }, 60_000);

  it('once a key exists, requires it, and logs the caller by key name, never the key', async () => {
    const dataDir = join(dir, 'keyed');
    mkdirSync(dataDir);
    const keys = SqliteApiKeyStore.open(join(dataDir, 'auth.db'));
    const key = generateApiKey();
    await keys.add({ id: key.id, name: 'ops-bot', role: 'writer', hash: key.hash, createdAt: new Date().toISOString() });
    await keys.close();
    running = await spawnApi(main, { LIFELINE_DATA_DIR: dataDir, LIFELINE_DEMO: 'off' });
    await running.waitForLog((log) => log['msg'] === 'listening');
    expect(running.lines.join('\n')).not.toContain('protected mode');
    expect((await postJson(running, '/customers', { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web' })).status).toBe(401);
    const accepted = await postJson(running, '/customers', { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web' }, { authorization: `Bearer ${key.secret}` });
    expect(accepted.status).toBe(201);
    const line = await running.waitForLog((log) => (log['res'] as { status?: number } | undefined)?.status === 201);
    expect(line).toMatchObject({ principal: 'key:ops-bot' });
    expect(running.lines.join('\n')).not.toContain(key.secret.slice(13));
  }, 60_000);
});
