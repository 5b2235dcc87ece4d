// One mapper for every project: it mirrors tsconfig.json "paths" (@lifeline/* -> libs/*/src).
const moduleNameMapper = { '^@lifeline/(.*)$': '<rootDir>/libs/$1/src' };
const transform = {
  '^.+\\.(ts|js)$': [
    '@swc/jest',
    {
      // .swcrc is the build's config (it excludes specs); tests get their own.
      swcrc: false,
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
    },
  ],
};
// Nest 12 ships ES modules only; Jest runs CommonJS, so its packages go through swc too.
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/|jose/)'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Stryker's sandbox copies of the project (npm run mutation) are not this project's tests.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  setupFilesAfterEnv: ['<rootDir>/test/support/test-timeout.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // A test process keeps every module and transform it has loaded: run in one process (as Jest
  // does with one worker, e.g. on 2 vCPUs) the whole suite grew past Node's 4 GB heap limit and
  // aborted. With a limit Jest runs the files in worker processes and replaces a worker after
  // any file that leaves it above the limit.
  workerIdleMemoryLimit: '1GB',
  // The default summary only counts skipped tests; this one lists them with their reasons.
  reporters: ['default', '<rootDir>/test/support/skipped-tests-reporter.js'],
  // The API serves the dashboard bundle (dist/dashboard): built once per run, before any test.
  globalSetup: '<rootDir>/test/support/build-dashboard.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
