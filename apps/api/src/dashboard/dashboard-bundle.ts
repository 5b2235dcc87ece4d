import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the built dashboard (apps/dashboard, bundled by `npm run build` into dist/dashboard) is served from. */
export interface DashboardBundle {
  readonly directory: string;
}

export const DASHBOARD_BUNDLE = Symbol('DASHBOARD_BUNDLE');
export const DASHBOARD_PATH = '/dashboard';
export const DASHBOARD_ASSETS_PATH = `${DASHBOARD_PATH}/assets`;

/** The folder holding the repository's (or the image's) package.json, from this file in the source tree or in dist/. */
function packageRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * dist/dashboard under the package root, whether the API runs from dist/ (`npm start`, the
 * image) or from source (jest, whose global set-up builds it). Undefined when it is not built:
 * the API still starts, and /dashboard says how to build it.
 */
export function locateDashboardBundle(): DashboardBundle | undefined {
  const root = packageRoot(__dirname);
  const directory = root === undefined ? undefined : join(root, 'dist', 'dashboard');
  return directory !== undefined && existsSync(join(directory, 'index.html')) ? { directory } : undefined;
}
