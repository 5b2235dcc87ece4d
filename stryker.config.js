// Mutation testing (StrykerJS), one core folder per run: `npm run mutation -- <folder>`.
// Not part of CI (minutes per folder); see docs/testing.md for the scores and how to read them.
const jestConfig = require('./jest.config.js');

/**
 * Each folder: the code mutated, and the spec files that are meant to guard it (Jest runs only
 * these, so a run stays affordable on a shared 2-core machine).
 */
const FOLDERS = {
  'libs/customers/domain': {
    mutate: ['libs/customers/domain/src/**/*.ts'],
    tests: ['libs/customers/domain/src/**/*.spec.ts'],
  },
  'libs/projections/runtime': {
    mutate: ['libs/projections/runtime/src/**/*.ts'],
    // The catalog's property tests (rebuild == incremental) also cover the runtime, but cost
    // minutes per mutant here; the runtime's own specs are what is scored.
    tests: ['libs/projections/runtime/src/**/*.spec.ts'],
  },
  'libs/analytics': {
    mutate: ['libs/analytics/*/src/**/*.ts'],
    tests: ['libs/analytics/*/src/**/*.spec.ts'],
  },
  // One model family at a time, when the whole of libs/analytics is too long a run.
  ...Object.fromEntries(
    ['clv', 'optimize', 'retention', 'satisfaction', 'segmentation', 'survival'].map((family) => [
      `libs/analytics/${family}`,
      { mutate: [`libs/analytics/${family}/src/**/*.ts`], tests: [`libs/analytics/${family}/src/**/*.spec.ts`] },
    ]),
  ),
  'libs/read-store/port': {
    mutate: ['libs/read-store/port/src/**/*.ts'],
    tests: ['libs/read-store/port/src/**/*.spec.ts', 'libs/read-store/sqlite/src/**/*.spec.ts'],
  },
  'apps/api/src/http': {
    mutate: ['apps/api/src/http/idempotency*.ts', 'apps/api/src/http/problem-details*.ts'],
    tests: [
      'apps/api/src/http/{problem-details,problem-details.filter,idempotency,idempotency.interceptor}.spec.ts',
      'test/write-side/{idempotency,errors,concurrency,hostile-input}.e2e-spec.ts',
    ],
  },
  // The record check every idempotency store shares; its contract suite runs on both adapters
  // here (SQLite, and the event-store one on a SQLite event store, which raises the too-large error).
  'libs/idempotency/port': {
    mutate: ['libs/idempotency/port/src/**/*.ts'],
    tests: ['libs/idempotency/sqlite/src/**/*.spec.ts', 'libs/idempotency/event-store/src/**/*.spec.ts'],
  },
};

// A folder above, or one file inside one (`libs/projections/runtime/src/lag.ts`): a long folder
// scored file by file gives a report per file even when the machine is too busy for one long run.
const target = (process.env.LIFELINE_MUTATE ?? '').replace(/\/+$/, '');
const folder = Object.keys(FOLDERS)
  .filter((name) => target === name || target.startsWith(`${name}/`))
  .sort((a, b) => b.length - a.length)[0];
if (!folder) {
  throw new Error(`LIFELINE_MUTATE must name one of, or a file inside one of: ${Object.keys(FOLDERS).join(', ')} (got "${target}")`);
}
const selected = target === folder ? FOLDERS[folder] : { ...FOLDERS[folder], mutate: [target] };
const slug = target.replace(/\//g, '-');
const [unit] = jestConfig.projects;
// rootDir is dropped: Stryker runs Jest inside its sandbox copy, which must be the root.
const { displayName: _unused, rootDir: _original, ...common } = unit;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  jest: {
    projectType: 'custom',
    config: { ...common, testMatch: selected.tests.map((glob) => `<rootDir>/${glob}`) },
    enableFindRelatedTests: false,
  },
  mutate: [...selected.mutate, '!**/*.spec.ts', '!**/testing/**', '!**/index.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) rerun every test of the folder; for analytics that
  // is minutes per mutant. They are left out of the score (docs/testing.md says which runs).
  ignoreStatic: true,
  // The first, unmutated run of a folder's specs; analytics' model fits take minutes under load.
  dryRunTimeoutMinutes: 20,
  // The machine is shared: one or two test processes at most.
  concurrency: Number(process.env.LIFELINE_MUTATE_CONCURRENCY ?? 1),
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  htmlReporter: { fileName: `reports/mutation/${slug}.html` },
  // One temporary directory per folder (tools/mutation.js links ../shared beside its sandboxes),
  // and no sandbox copies another run's: two folders can be scored at the same time.
  tempDirName: `.stryker-tmp/${slug}`,
  cleanTempDir: true,
  ignorePatterns: ['dist', 'data', 'coverage', '.bench', 'reports', '.stryker-tmp'],
  thresholds: { high: 85, low: 70, break: null },
};
