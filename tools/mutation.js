#!/usr/bin/env node
// `npm run mutation -- <folder> [more stryker options]`: runs StrykerJS over one core folder.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const [folder, ...rest] = process.argv.slice(2);
if (!folder || folder.startsWith('-')) {
  console.error('usage: npm run mutation -- <folder or one file in it> [stryker options]   (folders: see stryker.config.js)');
  process.exit(2);
}
// Some specs read reference data from ../shared/datasets beside the repository; Stryker runs
// them in .stryker-tmp/sandbox-*/, so the same relative path must lead there too.
// Each folder gets its own temporary directory (stryker.config.js), so two folders can run at once.
const root = path.resolve(__dirname, '..');
const link = path.join(root, '.stryker-tmp', folder.replace(/\/+$/, '').replace(/\//g, '-'), 'shared');
if (fs.existsSync(path.join(root, '..', 'shared')) && !fs.existsSync(link)) {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.join('..', '..', '..', 'shared'), link);
}

const result = spawnSync(process.execPath, [path.join(root, 'node_modules', '.bin', 'stryker'), 'run', 'stryker.config.js', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, LIFELINE_MUTATE: folder },
  cwd: root,
});
process.exit(result.status ?? 1);
