import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const COMMITTED = join(ROOT, 'apps', 'dashboard', 'src', 'api', 'openapi-types.ts');

describe('dashboard API types', () => {
  it('are what openapi-typescript generates from docs/openapi.json today (regenerate with `npm run openapi:dashboard`)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-openapi-types-'));
    try {
      const fresh = join(dir, 'openapi-types.ts');
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), join(ROOT, 'docs', 'openapi.json'), '-o', fresh], { stdio: 'pipe', timeout: 60_000 });
      expect(readFileSync(COMMITTED, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
