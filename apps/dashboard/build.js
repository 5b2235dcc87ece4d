#!/usr/bin/env node
// Bundles the analyst dashboard (apps/dashboard/src) into dist/dashboard: index.html, dashboard.js
// (chart.js included), dashboard.css. The API serves that folder; `npm run build` and the jest
// global set-up both call this. esbuild only strips types: `npm run typecheck` checks them.
const { copyFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const ROOT = join(__dirname, '..', '..');
const SOURCE = join(__dirname, 'src');
const DEFAULT_OUTDIR = join(ROOT, 'dist', 'dashboard');

/** @param {{ outdir?: string }} [options] */
async function buildDashboard(options = {}) {
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { dashboard: join(SOURCE, 'main.ts') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Evergreen browsers of the last few years; the page has no polyfills.
    target: ['chrome100', 'firefox100', 'safari15', 'edge100'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  copyFileSync(join(SOURCE, 'index.html'), join(outdir, 'index.html'));
  return { outdir, outputs: Object.keys(result.metafile.outputs) };
}

module.exports = { buildDashboard, DEFAULT_OUTDIR };

if (require.main === module) {
  buildDashboard().catch((error) => {
    process.stderr.write(`dashboard build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
