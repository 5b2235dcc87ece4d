'use strict';
/**
 * Runs an entry from its TypeScript source, for jest (the tests run the sources, not dist/):
 * registers a require hook that compiles .ts files with swc (as the build does, with the
 * @lifeline/* paths), then loads the entry — named in workerData.entry in a worker thread, or
 * given as the first argument in a child process. Built code never uses this file: dist/ holds
 * the compiled entries.
 */
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { isMainThread, workerData } = require('node:worker_threads');
const { transformSync } = require('@swc/core');

const root = resolve(__dirname, '../../..');
require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      baseUrl: root,
      paths: { '@lifeline/*': ['libs/*/src'] },
    },
  });
  module._compile(code, filename);
};

module.exports = require(isMainThread ? process.argv[2] : workerData.entry);
