import { runBenchmarks, type Scale } from './run-benchmarks';

const TINY: Scale = {
  name: 'tiny', writeCommands: 40, events: 400, customers: 40, querySamples: 50, queryWarmup: 5,
  historySamples: 10, hammerSeconds: 1, importRows: 100, importCustomers: 10,
  healthEvents: 4_000, healthCustomers: 300, sseClients: 5, sseEventsPerClient: 50, httpSeconds: 1,
};

describe('runBenchmarks', () => {
  it('reports the machine, the scale and each selected benchmark with figures, target and verdict', async () => {
    const lines: string[] = [];
    const report = await runBenchmarks({ scale: TINY, only: ['write-throughput', 'rebuild', 'query-latency'], log: (line) => lines.push(line) });
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.machine.totalMemoryMb).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(Date.parse(report.machine.date)).not.toBeNaN();
    expect(report.scale).toBe(TINY);
    expect(report.seed).toMatchObject({ events: 400, customers: 40 });
    expect(Object.keys(report.benchmarks).sort()).toEqual(['query-latency', 'rebuild', 'write-throughput']);
    for (const result of Object.values(report.benchmarks)) {
      expect(typeof result.target).toBe('string');
      expect(typeof result.pass).toBe('boolean');
    }
    expect(report.benchmarks.rebuild?.figures).toMatchObject({ events: 400, raw: { eventsPerSecond: expect.any(Number) } });
    expect(report.pass).toBe(Object.values(report.benchmarks).every((b) => b.pass));
    expect(lines.length).toBeGreaterThan(0);
  });

  it('runs only what is asked: the queries need the rebuilt models but do not report the rebuild', async () => {
    const report = await runBenchmarks({ scale: TINY, only: ['query-latency'] });
    expect(Object.keys(report.benchmarks)).toEqual(['query-latency']);
  });

  it('health-under-load samples /health while each heavy request runs against the real API', async () => {
    const report = await runBenchmarks({ scale: TINY, only: ['health-under-load'] });
    const figures = report.benchmarks['health-under-load']!.figures as Record<string, { samples: number; p99Ms: number; heavyMs: number }>;
    expect(Object.keys(figures)).toEqual(['clvModelFit', 'weeklyChurnX5', 'retentionWeekly', 'survivalBySegment', 'revenue', 'sseReplayX5']);
    for (const scenario of Object.values(figures)) expect(scenario).toMatchObject({ samples: expect.any(Number), p99Ms: expect.any(Number), heavyMs: expect.any(Number) });
    expect(report.benchmarks['health-under-load']!.target).toBe('/health p99Ms < 100 while each heavy request runs');
  }, 120_000);
});
