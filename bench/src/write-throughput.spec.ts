import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchWriteThroughput } from './write-throughput';

describe('benchWriteThroughput', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lifeline-bench-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every command through the service, one event each, and reports both rates and their ratio', async () => {
    const report = await benchWriteThroughput({ commands: 101, dir });
    expect(report.commands).toBe(101);
    expect(report.eventsWritten).toBe(101);
    expect(report.commandsPerSecond).toBeGreaterThan(0);
    expect(report.plaintextCommandsPerSecond).toBeGreaterThan(0);
    expect(report.rawInsertsPerSecond).toBeGreaterThan(0);
    expect(report.ratio).toBeCloseTo(report.commandsPerSecond / report.rawInsertsPerSecond, 2);
    // The encrypted run, the plaintext run, the raw loop, and the encrypted run's key store.
    expect(readdirSync(dir).filter((f) => f.endsWith('.db'))).toHaveLength(3);
    expect(readdirSync(dir).filter((f) => f.endsWith('.db.keys'))).toHaveLength(1);
  });

  it('refuses a command count too small to acquire and contact', async () => {
    await expect(benchWriteThroughput({ commands: 1, dir })).rejects.toThrow(RangeError);
  });
});
