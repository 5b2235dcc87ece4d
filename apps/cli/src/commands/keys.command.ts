import { openApiKeyStore } from '@lifeline/auth/composition';
import { API_KEY_NAME_PATTERN, DuplicateApiKeyNameError, generateApiKey, ROLES, type ApiKeyStore, type Role } from '@lifeline/auth/port';
import { CliError, EXIT, type CliContext } from '../cli-context';
import { cliConfig } from '../stores';

export interface KeysCommandOptions {
  readonly dataDir?: string;
}

async function withKeyStore<T>(options: KeysCommandOptions, ctx: CliContext, work: (store: ApiKeyStore) => Promise<T>): Promise<T> {
  const store = await openApiKeyStore(cliConfig(ctx.env, options.dataDir));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * Makes a key and prints it once, on stdout alone (so `KEY=$(lifeline keys create …)` works);
 * only its SHA-256 is stored. The note on stderr says how to use it.
 */
export async function runKeysCreate(options: KeysCommandOptions & { role: Role; name?: string }, ctx: CliContext): Promise<number> {
  const name = options.name ?? `${options.role}-${new Date().toISOString().slice(0, 10)}-${generateApiKey().id.slice(0, 4)}`;
  if (!API_KEY_NAME_PATTERN.test(name)) throw new CliError(`key name "${name}" must be 1–64 letters, digits and . _ @ - (starting with a letter or digit)`, EXIT.usage);
  const key = generateApiKey();
  await withKeyStore(options, ctx, async (store) => {
    try {
      await store.add({ id: key.id, name, role: options.role, hash: key.hash, createdAt: new Date().toISOString() });
    } catch (error) {
      if (error instanceof DuplicateApiKeyNameError) throw new CliError(error.message);
      throw error;
    }
  });
  ctx.stdout.write(`${key.secret}\n`);
  ctx.stderr.write(`created API key "${name}" (role ${options.role}, id ${key.id}). It is shown this once; send it as: Authorization: Bearer <key>\n`);
  return EXIT.ok;
}

export async function runKeysList(options: KeysCommandOptions & { json?: boolean }, ctx: CliContext): Promise<number> {
  const keys = await withKeyStore(options, ctx, (store) => store.list());
  const rows = keys.map((key) => ({ id: key.id, name: key.name, role: key.role, createdAt: key.createdAt, lastUsedAt: key.lastUsedAt ?? null }));
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    ctx.stdout.write('no API keys (protected mode: the API serves this machine only, without authentication)\n');
    return EXIT.ok;
  }
  const table = [['ID', 'NAME', 'ROLE', 'CREATED', 'LAST USED'], ...rows.map((row) => [row.id, row.name, row.role, row.createdAt, row.lastUsedAt ?? 'never'])];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  ctx.stdout.write(table.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n');
  return EXIT.ok;
}

export async function runKeysRevoke(options: KeysCommandOptions & { key: string }, ctx: CliContext): Promise<number> {
  const revoked = await withKeyStore(options, ctx, (store) => store.revoke(options.key));
  if (!revoked) throw new CliError(`no API key named or with id "${options.key}" (see lifeline keys list)`);
  ctx.stdout.write(`revoked API key "${options.key}"; requests with it are refused from now on\n`);
  return EXIT.ok;
}

export const KEY_ROLES = ROLES;
