import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version of the installed Lifeline: from the package.json above this file, which is two
 * levels further up in the build (dist/apps/cli/src) than in the sources (apps/cli/src).
 */
export function lifelineVersion(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === 'lifeline' && version) return version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
