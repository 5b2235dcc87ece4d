import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('needs no variables: the embedded defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      dataDir: './data',
      currency: 'EUR',
      eventStore: 'sqlite',
      readStore: 'sqlite',
      publisher: 'feed',
      runProjector: true,
      kafkaPartitions: 6,
      kafkaReplicationFactor: 1,
      logLevel: 'info',
      demo: { mode: 'auto', customers: 2000 },
      readiness: { maxLagEvents: 10_000, maxLagSeconds: 60 },
      complaints: { slaOverrides: {}, reopenWindowDays: 30, runDeadlines: true, deadlineCheckSeconds: 60 },
      security: { host: '127.0.0.1', corsOrigins: [], rateLimitPerMinute: 6000 },
      offload: { workerThreads: 2, workerQueue: 64, feedMaxReplays: 32, feedMaxStreams: 1000 },
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        LIFELINE_DATA_DIR: '/var/lib/lifeline',
        LIFELINE_CURRENCY: 'CHF',
        LIFELINE_EVENT_STORE: 'eventstoredb',
        EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
        LIFELINE_READ_STORE: 'mongodb',
        MONGO_URL: 'mongodb://localhost:27017/lifeline',
        LIFELINE_PUBLISHER: 'kafka',
        KAFKA_BROKERS: 'k1:9092, k2:9092',
        LIFELINE_RUN_PROJECTOR: 'false',
        LIFELINE_KAFKA_PARTITIONS: '12',
        LIFELINE_KAFKA_REPLICATION_FACTOR: '3',
        LOG_LEVEL: 'debug',
        LIFELINE_DEMO: 'off',
        LIFELINE_DEMO_CUSTOMERS: '50',
        LIFELINE_READY_MAX_LAG_EVENTS: '0',
        LIFELINE_READY_MAX_LAG_SECONDS: '5',
        LIFELINE_COMPLAINT_SLA: '{"critical":{"acknowledgeHours":0.5,"resolveHours":8}}',
        LIFELINE_COMPLAINT_REOPEN_DAYS: '14',
        LIFELINE_RUN_DEADLINES: 'false',
        LIFELINE_DEADLINE_CHECK_SECONDS: '300',
        LIFELINE_HOST: '0.0.0.0',
        LIFELINE_JWT_ISSUER: 'https://login.example.com/realms/acme',
        LIFELINE_JWT_AUDIENCE: 'lifeline',
        LIFELINE_JWT_JWKS_URL: 'https://login.example.com/realms/acme/certs',
        LIFELINE_JWT_ROLES_CLAIM: 'realm_access.roles',
        LIFELINE_CORS_ORIGINS: 'https://crm.example.com, http://localhost:5173',
        LIFELINE_RATE_LIMIT_PER_MINUTE: '0',
        LIFELINE_WORKER_THREADS: '4',
        LIFELINE_WORKER_QUEUE: '0',
        LIFELINE_FEED_MAX_REPLAYS: '8',
        LIFELINE_FEED_MAX_STREAMS: '200',
      }),
    ).toEqual({
      port: 8080,
      dataDir: '/var/lib/lifeline',
      currency: 'CHF',
      eventStore: 'eventstoredb',
      readStore: 'mongodb',
      publisher: 'kafka',
      runProjector: false,
      eventStoreUrl: 'esdb://localhost:2113?tls=false',
      mongoUrl: 'mongodb://localhost:27017/lifeline',
      kafkaBrokers: ['k1:9092', 'k2:9092'],
      kafkaPartitions: 12,
      kafkaReplicationFactor: 3,
      logLevel: 'debug',
      demo: { mode: 'off', customers: 50 },
      readiness: { maxLagEvents: 0, maxLagSeconds: 5 },
      complaints: { slaOverrides: { critical: { acknowledgeHours: 0.5, resolveHours: 8 } }, reopenWindowDays: 14, runDeadlines: false, deadlineCheckSeconds: 300 },
      security: {
        host: '0.0.0.0',
        jwt: { issuer: 'https://login.example.com/realms/acme', audience: 'lifeline', jwksUrl: 'https://login.example.com/realms/acme/certs', rolesClaim: 'realm_access.roles' },
        corsOrigins: ['https://crm.example.com', 'http://localhost:5173'],
        rateLimitPerMinute: 0,
      },
      offload: { workerThreads: 4, workerQueue: 0, feedMaxReplays: 8, feedMaxStreams: 200 },
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LIFELINE_CURRENCY: ' ' })).toMatchObject({ port: 3000, currency: 'EUR' });
  });

  it('accepts port 0 (any free port, used by tests)', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['LIFELINE_CURRENCY', 'euro'],
    ['LIFELINE_CURRENCY', 'eur'],
    ['LIFELINE_EVENT_STORE', 'postgres'],
    ['LIFELINE_READ_STORE', 'redis'],
    ['LIFELINE_PUBLISHER', 'rabbit'],
    ['MONGO_URL', 'http://localhost'],
    ['KAFKA_BROKERS', 'localhost'],
    ['LIFELINE_RUN_PROJECTOR', 'yes'],
    ['LIFELINE_KAFKA_PARTITIONS', '0'],
    ['LIFELINE_KAFKA_PARTITIONS', 'six'],
    ['LIFELINE_KAFKA_PARTITIONS', '2.5'],
    ['LIFELINE_KAFKA_PARTITIONS', '100000'],
    ['LIFELINE_KAFKA_REPLICATION_FACTOR', '0'],
    ['LIFELINE_KAFKA_REPLICATION_FACTOR', '-1'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_LEVEL', 'INFO'],
    ['LIFELINE_DEMO', 'yes'],
    ['LIFELINE_DEMO_CUSTOMERS', '0'],
    ['LIFELINE_DEMO_CUSTOMERS', 'many'],
    ['LIFELINE_READY_MAX_LAG_EVENTS', '-5'],
    ['LIFELINE_READY_MAX_LAG_EVENTS', '100000'],
    ['LIFELINE_READY_MAX_LAG_SECONDS', '1.5'],
    ['LIFELINE_COMPLAINT_SLA', 'fast'],
    ['LIFELINE_COMPLAINT_SLA', '{"urgent":{"acknowledgeHours":1,"resolveHours":2}}'],
    ['LIFELINE_COMPLAINT_SLA', '{"low":{"acknowledgeHours":-1,"resolveHours":2}}'],
    ['LIFELINE_RUN_DEADLINES', 'yes'],
    ['LIFELINE_HOST', 'example.com/x'],
    ['LIFELINE_JWT_ISSUER', 'login.example.com'],
    ['LIFELINE_JWT_ROLES_CLAIM', 'a..b'],
    ['LIFELINE_CORS_ORIGINS', '*'],
    ['LIFELINE_CORS_ORIGINS', 'https://a.example/path'],
    ['LIFELINE_RATE_LIMIT_PER_MINUTE', '-1'],
    ['LIFELINE_WORKER_THREADS', '0'],
    ['LIFELINE_WORKER_THREADS', 'two'],
    ['LIFELINE_WORKER_QUEUE', '-1'],
    ['LIFELINE_FEED_MAX_REPLAYS', '0'],
    ['LIFELINE_FEED_MAX_STREAMS', '1.5'],
  ])('refuses %s=%s with a one-line message naming the variable and the value', (variable, value) => {
    const load = () => loadConfig({ [variable]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${variable} `);
    expect(load).toThrow(JSON.stringify(value));
    try {
      load();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it.each([
    ['LIFELINE_EVENT_STORE', 'eventstoredb', 'EVENTSTORE_URL'],
    ['LIFELINE_READ_STORE', 'mongodb', 'MONGO_URL'],
    ['LIFELINE_PUBLISHER', 'kafka', 'KAFKA_BROKERS'],
  ])('%s=%s requires %s', (variable, value, required) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(`${required} is required when ${variable}=${value} (unset)`);
  });

  it('needs an audience with a JWT issuer, so a token minted for another service does not pass', () => {
    expect(() => loadConfig({ LIFELINE_JWT_ISSUER: 'https://login.example.com' })).toThrow('LIFELINE_JWT_AUDIENCE is required when LIFELINE_JWT_ISSUER is set (unset)');
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ PORT: 'x', LIFELINE_CURRENCY: 'x' })).toThrow(/PORT .*; LIFELINE_CURRENCY /);
  });
});
