import { z } from 'zod';
import { blankAsUndefined, wholeNumber } from './environment-values';
import { OFFLOAD_ENVIRONMENT, offloadConfigOf, type OffloadConfig } from './offload-config';
import { checkSecurityEnvironment, SECURITY_ENVIRONMENT, securityConfigOf, type SecurityConfig } from './security-config';

/**
 * Lifeline's whole configuration, read once from the environment at start-up. Every
 * variable has an embedded default, so `npm start` needs none; the production adapters
 * (EventStoreDB, MongoDB, Kafka) are opt-in and then require their connection strings.
 */
export interface LifelineConfig {
  readonly port: number;
  readonly dataDir: string;
  /** ISO 4217 code purchases are booked in. */
  readonly currency: string;
  readonly eventStore: 'sqlite' | 'eventstoredb';
  readonly readStore: 'sqlite' | 'mongodb';
  readonly publisher: 'feed' | 'kafka';
  /** Run the projector inside the API process (embedded default); false when apps/projector runs it. */
  readonly runProjector: boolean;
  readonly eventStoreUrl?: string;
  readonly mongoUrl?: string;
  readonly kafkaBrokers?: readonly string[];
  /** Partitions of the Kafka topics Lifeline creates (existing topics are never altered). */
  readonly kafkaPartitions: number;
  /** Copies of each partition of the topics Lifeline creates: 3 on a cluster, 1 on one broker. */
  readonly kafkaReplicationFactor: number;
  /** pino level of the JSON logs; `silent` turns them off. */
  readonly logLevel: LogLevel;
  /** Demo history on start: `auto` seeds an empty data dir, `on` always (resumes), `off` never. */
  readonly demo: { readonly mode: DemoMode; readonly customers: number };
  /** /health/ready answers 503 when a projection is further behind the log than this. */
  readonly readiness: { readonly maxLagEvents: number; readonly maxLagSeconds: number };
  /** Complaint handling: SLA overrides per severity (hours), the reopen window, the deadline process. */
  readonly complaints: {
    readonly slaOverrides: Readonly<Record<string, { readonly acknowledgeHours: number; readonly resolveHours: number }>>;
    readonly reopenWindowDays: number;
    /** Run the SLA deadline process in this process (idempotent, so several may run). */
    readonly runDeadlines: boolean;
    readonly deadlineCheckSeconds: number;
  };
  /** Listening address, JWT issuer, CORS, rate limits (security-config.ts). */
  readonly security: SecurityConfig;
  /** Worker threads and bounds that keep heavy work off the request event loop (offload-config.ts). */
  readonly offload: OffloadConfig;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEMO_MODES = ['auto', 'on', 'off'] as const;
export type DemoMode = (typeof DEMO_MODES)[number];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const optionalString = z.preprocess(blankAsUndefined, z.string().trim().optional());

const environmentSchema = z
  .object({
    PORT: z.preprocess(
      blankAsUndefined,
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number from 0 to 65535')
        .transform(Number)
        .refine((port) => port <= 65535, 'must be a whole number from 0 to 65535')
        .default(3000),
    ),
    LIFELINE_DATA_DIR: z.preprocess(blankAsUndefined, z.string().default('./data')),
    LIFELINE_CURRENCY: z.preprocess(
      blankAsUndefined,
      z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter upper-case ISO 4217 code such as EUR').default('EUR'),
    ),
    LIFELINE_EVENT_STORE: z.preprocess(blankAsUndefined, z.enum(['sqlite', 'eventstoredb']).default('sqlite')),
    LIFELINE_READ_STORE: z.preprocess(blankAsUndefined, z.enum(['sqlite', 'mongodb']).default('sqlite')),
    LIFELINE_PUBLISHER: z.preprocess(blankAsUndefined, z.enum(['feed', 'kafka']).default('feed')),
    LIFELINE_RUN_PROJECTOR: z.preprocess(
      blankAsUndefined,
      z
        .enum(['true', 'false'], { message: 'must be true or false' })
        .default('true')
        .transform((value) => value === 'true'),
    ),
    EVENTSTORE_URL: optionalString.refine(
      (url) => url === undefined || /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/.test(url),
      'must be an EventStoreDB connection string such as esdb://localhost:2113?tls=false',
    ),
    MONGO_URL: optionalString.refine(
      (url) => url === undefined || /^mongodb(\+srv)?:\/\/\S+$/.test(url),
      'must be a MongoDB connection string such as mongodb://localhost:27017/lifeline',
    ),
    KAFKA_BROKERS: optionalString.refine(
      (brokers) => brokers === undefined || brokers.split(',').every((broker) => /^[^\s:,]+:\d{1,5}$/.test(broker.trim())),
      'must be a comma-separated list of host:port such as localhost:9092',
    ),
    // Kafka caps partitions per topic far above this; more than 1000 is almost surely a typo.
    LIFELINE_KAFKA_PARTITIONS: wholeNumber(1, 1000, 6),
    LIFELINE_KAFKA_REPLICATION_FACTOR: wholeNumber(1, 32, 1),
    LOG_LEVEL: z.preprocess(blankAsUndefined, z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
    LIFELINE_DEMO: z.preprocess(blankAsUndefined, z.enum(DEMO_MODES, { message: `must be one of ${DEMO_MODES.join(', ')}` }).default('auto')),
    LIFELINE_DEMO_CUSTOMERS: wholeNumber(1, 1_000_000, 2000),
    // Below the 100,000 at which lag counting stops (LAG_COUNT_LIMIT in libs/projections/runtime):
    // a stopped count must still be over the bound.
    LIFELINE_READY_MAX_LAG_EVENTS: wholeNumber(0, 99_999, 10_000),
    LIFELINE_READY_MAX_LAG_SECONDS: wholeNumber(0, 86_400, 60),
    LIFELINE_COMPLAINT_SLA: z.preprocess(
      blankAsUndefined,
      z
        .string()
        .default('{}')
        .transform((text, ctx) => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            ctx.addIssue({ code: 'custom', message: 'must be JSON' });
            return z.NEVER;
          }
        })
        .pipe(
          z.partialRecord(
            z.enum(['low', 'medium', 'high', 'critical']),
            z.object({ acknowledgeHours: z.number().positive().max(8760), resolveHours: z.number().positive().max(87600) }).strict(),
            { message: 'must be JSON like {"critical":{"acknowledgeHours":1,"resolveHours":24}} with severities low, medium, high, critical' },
          ),
        ),
    ),
    LIFELINE_COMPLAINT_REOPEN_DAYS: wholeNumber(0, 3650, 30),
    LIFELINE_RUN_DEADLINES: z.preprocess(
      blankAsUndefined,
      z
        .enum(['true', 'false'], { message: 'must be true or false' })
        .default('true')
        .transform((value) => value === 'true'),
    ),
    LIFELINE_DEADLINE_CHECK_SECONDS: wholeNumber(1, 3600, 60),
    ...SECURITY_ENVIRONMENT,
    ...OFFLOAD_ENVIRONMENT,
  })
  .superRefine((env, ctx) => {
    const requires = (choice: string, variable: 'EVENTSTORE_URL' | 'MONGO_URL' | 'KAFKA_BROKERS', value: unknown) => {
      if (value === undefined) ctx.addIssue({ code: 'custom', path: [variable], message: `is required when ${choice}` });
    };
    if (env.LIFELINE_EVENT_STORE === 'eventstoredb') requires('LIFELINE_EVENT_STORE=eventstoredb', 'EVENTSTORE_URL', env.EVENTSTORE_URL);
    if (env.LIFELINE_READ_STORE === 'mongodb') requires('LIFELINE_READ_STORE=mongodb', 'MONGO_URL', env.MONGO_URL);
    if (env.LIFELINE_PUBLISHER === 'kafka') requires('LIFELINE_PUBLISHER=kafka', 'KAFKA_BROKERS', env.KAFKA_BROKERS);
    checkSecurityEnvironment(env, (variable, message) => ctx.addIssue({ code: 'custom', path: [variable], message }));
  });

/**
 * Validates the environment and returns the typed configuration, or throws a ConfigError
 * whose one-line message names every bad variable and the value it had.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): LifelineConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const value = env[variable];
      const shown = value === undefined || value.trim() === '' ? 'unset' : `got ${JSON.stringify(value)}`;
      return `${variable} ${issue.message} (${shown})`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    dataDir: e.LIFELINE_DATA_DIR,
    currency: e.LIFELINE_CURRENCY,
    eventStore: e.LIFELINE_EVENT_STORE,
    readStore: e.LIFELINE_READ_STORE,
    publisher: e.LIFELINE_PUBLISHER,
    runProjector: e.LIFELINE_RUN_PROJECTOR,
    ...(e.EVENTSTORE_URL !== undefined && { eventStoreUrl: e.EVENTSTORE_URL }),
    ...(e.MONGO_URL !== undefined && { mongoUrl: e.MONGO_URL }),
    ...(e.KAFKA_BROKERS !== undefined && { kafkaBrokers: e.KAFKA_BROKERS.split(',').map((broker) => broker.trim()) }),
    kafkaPartitions: e.LIFELINE_KAFKA_PARTITIONS,
    kafkaReplicationFactor: e.LIFELINE_KAFKA_REPLICATION_FACTOR,
    logLevel: e.LOG_LEVEL,
    demo: { mode: e.LIFELINE_DEMO, customers: e.LIFELINE_DEMO_CUSTOMERS },
    readiness: { maxLagEvents: e.LIFELINE_READY_MAX_LAG_EVENTS, maxLagSeconds: e.LIFELINE_READY_MAX_LAG_SECONDS },
    complaints: {
      slaOverrides: e.LIFELINE_COMPLAINT_SLA,
      reopenWindowDays: e.LIFELINE_COMPLAINT_REOPEN_DAYS,
      runDeadlines: e.LIFELINE_RUN_DEADLINES,
      deadlineCheckSeconds: e.LIFELINE_DEADLINE_CHECK_SECONDS,
    },
    security: securityConfigOf(e),
    offload: offloadConfigOf(e),
  };
}
