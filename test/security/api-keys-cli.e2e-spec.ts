import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../apps/cli/src/program';
import { acquisition, removeDataDir, startApi, temporaryDataDir } from '../support/api-harness';

async function cli(args: string[]) {
  const capture = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = capture();
  const err = capture();
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream, interactive: false, signal: new AbortController().signal, env: {} });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('lifeline keys', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = temporaryDataDir();
  });
  afterEach(() => removeDataDir(dataDir));

  it('creates a key printed once, stores only its hash, and the API accepts it until it is revoked', async () => {
    const created = await cli(['--data-dir', dataDir, 'keys', 'create', '--role', 'writer', '--name', 'crm-sync']);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^lfl_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/created API key "crm-sync" \(role writer/);

    // The random part may itself hold '_' (base64url), so cut after `lfl_<id>_`, not at the last '_'.
    const secretPart = Buffer.from(key.slice('lfl_'.length + 8 + 1));
    expect(secretPart).toHaveLength(43);
    for (const file of readdirSync(dataDir)) expect([file, readFileSync(join(dataDir, file)).includes(secretPart)]).toEqual([file, false]);

    const listed = await cli(['--data-dir', dataDir, 'keys', 'list']);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+CREATED\s+LAST USED\n\S+\s+crm-sync\s+writer\s+\d{4}-\d\d-\d\dT\S+\s+never\n$/);
    expect(listed.stdout).not.toContain(key);

    const api = await startApi({ dataDir, auth: 'protected' });
    try {
      await api.anonymous().post('/customers').send(acquisition('c-key')).expect(401);
      await api.anonymous().post('/customers').set('Authorization', `Bearer ${key}`).send(acquisition('c-key')).expect(201);
      const [event] = await api.stream('c-key');
      expect(event!.metadata).toMatchObject({ actor: 'api', principal: 'key:crm-sync' });
      expect(JSON.stringify(event)).not.toContain(key);
      // The key may write, not read.
      await api.anonymous().get('/customers/c-key').set('Authorization', `Bearer ${key}`).expect(403);

      const [usedKey] = JSON.parse((await cli(['--data-dir', dataDir, 'keys', 'list', '--json'])).stdout) as { name: string; lastUsedAt: string | null }[];
      expect(usedKey).toMatchObject({ name: 'crm-sync', role: 'writer', lastUsedAt: expect.stringMatching(/^\d{4}-/) });

      expect(await cli(['--data-dir', dataDir, 'keys', 'revoke', 'crm-sync'])).toMatchObject({ code: 0 });
      await api.anonymous().post('/customers').set('Authorization', `Bearer ${key}`).send(acquisition('c-key-2')).expect(401);
    } finally {
      await api.stop();
    }
  });

  it('refuses an unknown role, a taken name and an unknown key to revoke, in one line each', async () => {
    const badRole = await cli(['--data-dir', dataDir, 'keys', 'create', '--role', 'root']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Allowed choices are writer, reader, analyst, consumer, operator, admin/);
    await cli(['--data-dir', dataDir, 'keys', 'create', '--role', 'reader', '--name', 'twice']);
    const taken = await cli(['--data-dir', dataDir, 'keys', 'create', '--role', 'reader', '--name', 'twice']);
    expect(taken).toMatchObject({ code: 1, stdout: '', stderr: 'error: an API key named "twice" exists already; revoke it or choose another name\n' });
    const unknown = await cli(['--data-dir', dataDir, 'keys', 'revoke', 'nobody']);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: no API key named or with id "nobody"/) });
  });
});
