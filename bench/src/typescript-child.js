'use strict';
/**
 * Runs a child process's entry from its TypeScript source, for jest (the tests run the sources,
 * not dist/): registers a require hook that compiles .ts files with swc (as the build does, with
 * the @lifeline/* paths), then loads the entry given as the first argument. The built bench never
 * uses this file: dist/ holds the compiled entry.
 */
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { transformSync } = require('@swc/core');

const root = resolve(__dirname, '../..');
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

require(process.argv[2]);
