#!/usr/bin/env node
// `npm run mutation -- <folder> [more stryker options]`: runs StrykerJS over one core folder.
const { spawnSync } = require('node:child_process');

const [folder, ...rest] = process.argv.slice(2);
if (!folder || folder.startsWith('-')) {
  console.error('usage: npm run mutation -- <folder> [stryker options]   (folders: see stryker.config.js)');
  process.exit(2);
}
const result = spawnSync(process.execPath, [require('node:path').resolve(__dirname, '../node_modules/.bin/stryker'), 'run', 'stryker.config.js', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, LIFELINE_MUTATE: folder },
  cwd: require('node:path').resolve(__dirname, '..'),
});
process.exit(result.status ?? 1);
