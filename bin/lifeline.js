#!/usr/bin/env node
// The CLI runs from the compiled build; point at the build step rather than failing with a module error.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('lifeline: the CLI is not built yet; run `npm run build` first\n');
  process.exit(1);
}
require(main);
