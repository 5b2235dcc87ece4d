import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The browser build of chart.js that the dashboard draws with, served from node_modules (no CDN: the network may be closed). */
export interface ChartJsAsset {
  readonly file: string;
  readonly version: string;
}

export const CHART_JS_ASSET = Symbol('CHART_JS_ASSET');

/**
 * chart.js's package "exports" hide both dist/chart.umd.min.js and package.json from
 * require.resolve, but its main entry (dist/chart.cjs) sits next to the UMD build.
 * Undefined when the package is missing: the API still starts, the dashboard says why it cannot plot.
 */
export function locateChartJs(): ChartJsAsset | undefined {
  let dist: string;
  try {
    dist = dirname(require.resolve('chart.js'));
  } catch {
    return undefined;
  }
  const file = join(dist, 'chart.umd.min.js');
  if (!existsSync(file)) return undefined;
  const { version } = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as { version: string };
  return { file, version };
}
