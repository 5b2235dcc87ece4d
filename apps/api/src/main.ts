import 'reflect-metadata';
import { StoreUnreachableError } from '@lifeline/composition';
import { ConfigError, loadConfig } from '@lifeline/config';
import { StoreCurrencyMismatchError } from '@lifeline/customers/application';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { fitDemoClvModel } from './demo/demo-clv-model';
import { ComplaintDeadlinesService } from './complaints/sla-deadlines/complaint-deadlines.service';
import { startDemoSeeding, type DemoSeeding } from './demo/demo-seeding';
import { Authenticator } from './auth/authenticator';
import { listenAddress } from './auth/listen-address';
import { createHttpApp } from './http/create-http-app';
import { LOGGER } from './telemetry/logger';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  mkdirSync(config.dataDir, { recursive: true });
  const app = await createHttpApp(config);
  const logger = app.get<Logger>(LOGGER);
  const authenticator = app.get(Authenticator);
  let address;
  try {
    address = listenAddress(config, authenticator.protectedMode);
  } catch (error) {
    await app.close();
    throw error;
  }
  let demo: DemoSeeding | undefined;
  // The deadline process starts with the app, before we know whether a demo history is about to be
  // written back-dated: no round until that is decided (and, if it is, until the history is written).
  let demoDecided: (done: Promise<unknown>) => void = () => undefined;
  app.get(ComplaintDeadlinesService).holdUntil(new Promise<unknown>((resolve) => (demoDecided = resolve)));

  // Nest's own shutdown hooks re-raise the signal (exit 143); an orderly stop should exit 0.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting for the shutdown');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: refusing new requests, finishing the ones in flight, then the projector batch');
    try {
      await demo?.stop();
      await app.close();
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.fatal({ error: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen(config.port, address.host);
  const url = await app.getUrl();
  // The one line that is not JSON: a person at a terminal (and the tests) read the URL from it.
  console.log(`Lifeline API listening on ${url} (data in ${config.dataDir}, OpenAPI at /docs)`);
  if (address.notice) console.log(address.notice);
  logger.info(
    { url, host: address.host, protectedMode: authenticator.protectedMode, dataDir: config.dataDir, eventStore: config.eventStore, readStore: config.readStore },
    'listening',
  );
  if (!stopping) demo = await startDemoSeeding(config, app.get<EventStore>(EVENT_STORE), logger);
  // The demo seeds its own SLA breaches; the deadline process takes over once the history is written.
  demoDecided(demo?.done ?? Promise.resolve());
  if (demo && config.runProjector) {
    // The demo's last whole day is the one before its end instant.
    const lastDemoDay = new Date(Date.parse(demo.endDate) - 86_400_000).toISOString().slice(0, 10);
    void demo.done.then((report) => (report && !report.interrupted && !stopping ? fitDemoClvModel(app, logger, lastDemoDay) : undefined));
  }
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: one line, no stack.
  const operatorsToFix = error instanceof ConfigError || error instanceof StoreUnreachableError || error instanceof StoreCurrencyMismatchError;
  console.error(operatorsToFix ? error.message : error);
  process.exit(1);
});
