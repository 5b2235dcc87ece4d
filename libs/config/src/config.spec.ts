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

  it('lists every problem at once', () => {
    expect(() => loadConfig({ PORT: 'x', LIFELINE_CURRENCY: 'x' })).toThrow(/PORT .*; LIFELINE_CURRENCY /);
  });
});
