// eslint-disable-next-line @typescript-eslint/no-require-imports
const SkippedTestsReporter = require('./skipped-tests-reporter') as new (
  globalConfig: unknown,
  options: unknown,
  context: { write: (text: string) => void },
) => { onTestResult(test: unknown, result: unknown): void; onRunComplete(): void };

describe('the skipped-tests reporter (npm test)', () => {
  it('lists each skipped test under its file, so the reason in its name is seen', () => {
    let printed = '';
    const reporter = new SkippedTestsReporter({}, {}, { write: (text) => (printed += text) });
    reporter.onTestResult({}, { testFilePath: `${process.cwd()}/test/production/kafka.e2e-spec.ts`, testResults: [
      { status: 'passed', fullName: 'maps keys' },
      { status: 'pending', fullName: 'Kafka contract (skipped: KAFKA_BROKERS is not set and no Docker engine)' },
    ] });
    reporter.onTestResult({}, { testFilePath: `${process.cwd()}/libs/x.spec.ts`, testResults: [{ status: 'passed', fullName: 'runs' }] });
    reporter.onRunComplete();
    expect(printed).toBe(
      '\nSkipped tests (the reason is in the name):\n  test/production/kafka.e2e-spec.ts\n    - Kafka contract (skipped: KAFKA_BROKERS is not set and no Docker engine)\n',
    );
  });

  it('prints nothing when nothing was skipped', () => {
    let printed = '';
    const reporter = new SkippedTestsReporter({}, {}, { write: (text) => (printed += text) });
    reporter.onTestResult({}, { testFilePath: '/x.spec.ts', testResults: [{ status: 'passed', fullName: 'runs' }] });
    reporter.onRunComplete();
    expect(printed).toBe('');
  });
});
