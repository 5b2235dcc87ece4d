// Tests here start real apps and stores and read real data files; on a loaded shared 2-core
// machine that can take longer than Jest's 5 s default. Speed is the benchmark's business, not
// a timeout's. (A project-level `testTimeout` in jest.config.js is not applied by Jest 30; this is.)
jest.setTimeout(30_000);
