// @ts-check
/**
 * Prints, after the run, every skipped test with its file: a skipped test says why in its
 * name (README, "Standards"), and the default reporter only counts them.
 */
class SkippedTestsReporter {
  /** @param {unknown} _globalConfig @param {unknown} _options @param {{ write?: (text: string) => void }} [context] */
  constructor(_globalConfig, _options, context) {
    /** @type {Map<string, string[]>} */
    this.skipped = new Map();
    this.write = (context && context.write) || ((text) => process.stderr.write(text));
  }

  /** @param {unknown} _test @param {{ testFilePath: string, testResults: { status: string, fullName: string }[] }} result */
  onTestResult(_test, result) {
    const names = result.testResults.filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo').map((test) => test.fullName);
    if (names.length > 0) this.skipped.set(result.testFilePath, names);
  }

  onRunComplete() {
    if (this.skipped.size === 0) return;
    const root = process.cwd() + '/';
    const lines = ['', 'Skipped tests (the reason is in the name):'];
    for (const [file, names] of this.skipped) {
      lines.push(`  ${file.startsWith(root) ? file.slice(root.length) : file}`);
      for (const name of names) lines.push(`    - ${name}`);
    }
    this.write(lines.join('\n') + '\n');
  }
}

module.exports = SkippedTestsReporter;
