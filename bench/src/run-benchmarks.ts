/**
 * Runs the selected benchmarks at one scale and judges each against its issue's target.
 * Everything lands in one temporary directory, removed at the end.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { benchClvFit } from './clv-fit';
import { benchHealthUnderLoad } from './health-under-load';
import { benchHttpCommands } from './http-commands';
import { benchKafkaPublication } from './kafka-publication';
import { benchHotCustomers, type HotCustomerReport, type LongHistoryReport } from './hot-customers';
import { benchImportAtScale, type ImportAtScaleReport } from './import-at-scale';
import { benchQueryLatency, type QueryLatencyReport } from './query-latency';
import { benchRebuildAtScale, type RebuildAtScaleReport } from './rebuild-at-scale';
import { seedEventLog } from './seed-event-log';
import { benchWriteThroughput } from './write-throughput';

export const BENCHMARK_NAMES = ['write-throughput', 'rebuild', 'query-latency', 'clv-fit', 'long-history', 'hot-customer', 'import', 'health-under-load', 'http-commands', 'live-projection', 'kafka-publication'] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

export interface Scale {
  readonly name: string;
  readonly writeCommands: number;
  readonly events: number;
  readonly customers: number;
  readonly querySamples: number;
  readonly queryWarmup: number;
  /** Timed commands per customer in long-history; seconds of each hammering phase in hot-customer. */
  readonly historySamples: number;
  readonly hammerSeconds: number;
  /** The import's file: rows over customers. */
  readonly importRows: number;
  readonly importCustomers: number;
  /** The API under heavy requests: its own log (the attack run used 220k events, 20k customers). */
  readonly healthEvents: number;
  readonly healthCustomers: number;
  readonly sseClients: number;
  readonly sseEventsPerClient: number;
  /** Seconds of each autocannon load in http-commands / live-projection (three rounds of six servers). */
  readonly httpSeconds: number;
}

export const SCALES: Readonly<Record<'full' | 'small', Scale>> = {
  full: {
    name: 'full', writeCommands: 20_000, events: 1_000_000, customers: 100_000, querySamples: 10_000, queryWarmup: 1_000,
    historySamples: 500, hammerSeconds: 10, importRows: 1_000_000, importCustomers: 100_000,
    healthEvents: 220_000, healthCustomers: 20_000, sseClients: 300, sseEventsPerClient: 2_000,
    httpSeconds: 5,
  },
  small: {
    name: 'small', writeCommands: 2_000, events: 100_000, customers: 10_000, querySamples: 2_000, queryWarmup: 200,
    historySamples: 200, hammerSeconds: 3, importRows: 100_000, importCustomers: 10_000,
    healthEvents: 50_000, healthCustomers: 5_000, sseClients: 300, sseEventsPerClient: 500,
    httpSeconds: 3,
  },
};

export const TARGETS = {
  writeThroughputRatio: 0.6,
  /** Issue 13: against reading the log plus writing the models (the floors), not against reading alone. */
  rebuildRatioToReadPlusWriteFloor: 0.5,
  rebuildRssMb: 500,
  queryP99Ms: 10,
  clvFitMs: 5_000,
  longHistoryRatio: 2,
  hotCustomerProbeP99Ms: 250,
  importSeconds: 60,
  importRssMb: 500,
  healthP99Ms: 100,
  kafkaEventsPerSecond: 10_000,
  kafkaLagP99Ms: 1_000,
  httpCommandsRatio: 0.5,
  liveProjectionLagP99Ms: 1_000,
} as const;

/** Events the Kafka publication figure moves (at every scale). */
export const KAFKA_EVENTS = 100_000;

export interface BenchmarkResult {
  readonly figures: object;
  readonly target: string;
  readonly pass: boolean;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  readonly scale: Scale;
  readonly benchmarks: Partial<Record<BenchmarkName, BenchmarkResult>>;
  /** How the shared event log was made, when a read-side benchmark ran. */
  readonly seed?: { readonly events: number; readonly customers: number; readonly seconds: number; readonly eventsPerSecond: number };
  readonly pass: boolean;
}

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly totalMemoryMb: number;
  readonly node: string;
  readonly platform: string;
  readonly date: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    totalMemoryMb: Math.round(os.totalmem() / (1024 * 1024)),
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

export interface RunOptions {
  readonly scale: Scale;
  readonly only?: readonly BenchmarkName[];
  readonly log?: (line: string) => void;
  /** Node flags for the API process of http-commands (BENCH_API_NODE_ARGS, e.g. --cpu-prof). */
  readonly apiNodeArgs?: readonly string[];
  /** KAFKA_BROKERS: the Kafka publication benchmark runs (by default) only when it is set. */
  readonly kafkaBrokers?: readonly string[];
}

export async function runBenchmarks(options: RunOptions): Promise<BenchReport> {
  const { scale } = options;
  const selected = new Set<BenchmarkName>(options.only?.length ? options.only : BENCHMARK_NAMES.filter((name) => name !== 'kafka-publication' || options.kafkaBrokers?.length));
  if (selected.has('kafka-publication') && !options.kafkaBrokers?.length) throw new Error('kafka-publication needs KAFKA_BROKERS (scripts/services up starts a broker)');
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(os.tmpdir(), 'lifeline-bench-'));
  const benchmarks: Partial<Record<BenchmarkName, BenchmarkResult>> = {};
  let seed: BenchReport['seed'];
  try {
    if (selected.has('write-throughput')) {
      log(`write-throughput: ${scale.writeCommands} commands`);
      const figures = await benchWriteThroughput({ commands: scale.writeCommands, dir });
      benchmarks['write-throughput'] = {
        figures,
        target: `commandsPerSecond >= ${TARGETS.writeThroughputRatio} x rawInsertsPerSecond`,
        pass: figures.ratio >= TARGETS.writeThroughputRatio,
      };
    }

    if (selected.has('rebuild') || selected.has('query-latency')) {
      const eventsFile = join(dir, 'events.db');
      const eventStore = SqliteEventStore.open(eventsFile);
      const readFile = join(dir, 'read.db');
      const readStore = SqliteReadModelStore.open(readFile);
      try {
        log(`seeding ${scale.events} events over ${scale.customers} customers`);
        let logged = 0;
        const seeded = await seedEventLog(eventStore, {
          events: scale.events,
          customers: scale.customers,
          onProgress: (written) => {
            if (written - logged < 100_000) return;
            logged = written;
            log(`seeded ${written}/${scale.events}`);
          },
        });
        const { customerIds, ...seedFigures } = seeded;
        seed = { ...seedFigures, seconds: round(seeded.seconds), eventsPerSecond: Math.round(seeded.eventsPerSecond) };
        global.gc?.(); // leave the seeding's garbage out of the rebuild's memory figures

        // The queries need the rebuilt models, so the rebuild runs for them too (reported only when selected).
        const rebuilt = await benchRebuildAtScale({ eventStore, eventsFile, readStore, readFile, onProgress: log });
        if (selected.has('rebuild')) benchmarks.rebuild = judgeRebuild(rebuilt);

        if (selected.has('query-latency')) {
          log(`query-latency: ${scale.querySamples} samples per query after ${scale.queryWarmup} warm-up`);
          const latency = await benchQueryLatency({ readStore, customerIds, samples: scale.querySamples, warmup: scale.queryWarmup, onProgress: log });
          benchmarks['query-latency'] = judgeLatency(latency);
        }
      } finally {
        await readStore.close();
        await eventStore.close();
      }
    }

    if (selected.has('clv-fit')) {
      log('clv-fit: BG/NBD + Gamma-Gamma on 100,000 simulated customers');
      const figures = (await benchClvFit()) as { simulated: { totalFitMs: number } };
      benchmarks['clv-fit'] = { figures, target: `simulated.totalFitMs < ${TARGETS.clvFitMs}`, pass: figures.simulated.totalFitMs < TARGETS.clvFitMs };
    }

    if (selected.has('kafka-publication') && options.kafkaBrokers?.length) {
      const eventStore = SqliteEventStore.open(join(dir, 'kafka-events.db'));
      try {
        log(`kafka-publication: seeding ${KAFKA_EVENTS} events`);
        await seedEventLog(eventStore, { events: KAFKA_EVENTS, customers: KAFKA_EVENTS / 10 });
        const figures = await benchKafkaPublication({ brokers: options.kafkaBrokers, eventStore, dir, onProgress: log });
        benchmarks['kafka-publication'] = {
          figures,
          target: `eventsPerSecond >= ${TARGETS.kafkaEventsPerSecond} and lagMs.p99 < ${TARGETS.kafkaLagP99Ms}`,
          pass: figures.eventsPerSecond >= TARGETS.kafkaEventsPerSecond && figures.lagMs.p99 < TARGETS.kafkaLagP99Ms,
        };
      } finally {
        await eventStore.close();
      }
    }

    if (selected.has('long-history') || selected.has('hot-customer')) {
      const { longHistory, hotCustomer } = await benchHotCustomers({ dir, samples: scale.historySamples, hammerSeconds: scale.hammerSeconds, onProgress: log });
      if (selected.has('long-history')) benchmarks['long-history'] = judgeLongHistory(longHistory);
      if (selected.has('hot-customer')) benchmarks['hot-customer'] = judgeHotCustomer(hotCustomer);
    }

    if (selected.has('import')) {
      const figures = await benchImportAtScale({ dir, rows: scale.importRows, customers: scale.importCustomers, onProgress: log });
      benchmarks.import = {
        figures,
        target: `firstRun.seconds < ${TARGETS.importSeconds} and firstRun.peakRssMb < ${TARGETS.importRssMb}, and the re-run imports nothing`,
        pass: figures.firstRun.seconds < TARGETS.importSeconds && figures.firstRun.peakRssMb < TARGETS.importRssMb && figures.reRun.imported === 0,
      };
    }

    if (selected.has('http-commands') || selected.has('live-projection')) {
      const httpDir = join(dir, 'http');
      mkdirSync(httpDir);
      const figures = await benchHttpCommands({ dir: httpDir, seconds: scale.httpSeconds, onProgress: log, ...(options.apiNodeArgs && { apiNodeArgs: options.apiNodeArgs }) });
      if (selected.has('http-commands')) {
        const { liveProjection: _lag, ...load } = figures;
        const clean = [figures.helloWorld, figures.helloWorldWithDurableAppend, figures.helloWorldWithDurableAppendEach, figures.helloWorldWithPipeline, figures.helloWorldWithStack, figures.api, figures.apiWithoutProjector].every((run) => run.non2xx === 0 && run.errors === 0);
        benchmarks['http-commands'] = {
          figures: load,
          target: `api.requestsPerSecond >= ${TARGETS.httpCommandsRatio} x helloWorld.requestsPerSecond, every answer 2xx`,
          pass: figures.ratio >= TARGETS.httpCommandsRatio && clean,
        };
      }
      if (selected.has('live-projection')) {
        benchmarks['live-projection'] = {
          figures: figures.liveProjection,
          target: `lagMs.p99 < ${TARGETS.liveProjectionLagP99Ms} at the API's sustained write rate (appendsPerSecond)`,
          pass: figures.liveProjection.lagMs.p99 < TARGETS.liveProjectionLagP99Ms,
        };
      }
    }

    if (selected.has('health-under-load')) {
      log(`health-under-load: API on ${scale.healthEvents} events over ${scale.healthCustomers} customers`);
      const healthDir = join(dir, 'health');
      mkdirSync(healthDir);
      const figures = await benchHealthUnderLoad({
        dir: healthDir,
        events: scale.healthEvents,
        customers: scale.healthCustomers,
        sseClients: scale.sseClients,
        sseEventsPerClient: scale.sseEventsPerClient,
        onProgress: log,
      });
      benchmarks['health-under-load'] = {
        figures,
        target: `/health p99Ms < ${TARGETS.healthP99Ms} while each heavy request runs`,
        pass: Object.values(figures).every((scenario) => scenario.p99Ms < TARGETS.healthP99Ms),
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    machine: machineInfo(),
    scale,
    ...(seed && { seed }),
    benchmarks,
    pass: Object.values(benchmarks).every((b) => b.pass),
  };
}

function judgeRebuild(figures: RebuildAtScaleReport): BenchmarkResult {
  return {
    figures,
    target: `allModels.eventsPerSecond >= ${TARGETS.rebuildRatioToReadPlusWriteFloor} x readPlusWriteFloor.eventsPerSecond and peakRssMb < ${TARGETS.rebuildRssMb}`,
    pass: figures.ratioToReadPlusWriteFloor >= TARGETS.rebuildRatioToReadPlusWriteFloor && figures.peakRssMb < TARGETS.rebuildRssMb,
  };
}

function judgeLatency(figures: QueryLatencyReport): BenchmarkResult {
  return {
    figures,
    target: `p99Ms < ${TARGETS.queryP99Ms} for every query`,
    pass: Object.values(figures).every((q: { p99Ms: number }) => q.p99Ms < TARGETS.queryP99Ms),
  };
}

function judgeLongHistory(figures: LongHistoryReport): BenchmarkResult {
  return {
    figures,
    target: `events10000 p50 and p99 <= ${TARGETS.longHistoryRatio} x newCustomer's`,
    pass: figures.ratioP50 <= TARGETS.longHistoryRatio && figures.ratioP99 <= TARGETS.longHistoryRatio,
  };
}

function judgeHotCustomer(figures: HotCustomerReport): BenchmarkResult {
  return {
    figures,
    target: `while hammered: /health and another customer's command p99 < ${TARGETS.hotCustomerProbeP99Ms} ms, no hot command refused`,
    pass: figures.hammered.every(
      (h) => h.health.p99Ms < TARGETS.hotCustomerProbeP99Ms && h.otherCustomer.p99Ms < TARGETS.hotCustomerProbeP99Ms && h.hotErrors === 0,
    ),
  };
}

function round(value: number): number {
  return Number(value.toFixed(2));
}
