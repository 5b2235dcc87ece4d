import pino from 'pino';
import { loadConfig } from '@lifeline/config';
import { startProjectorApp } from './projector-app';

/**
 * The projector alone (production runs it apart from the API, which then sets
 * LIFELINE_RUN_PROJECTOR=false). Configured like the API (libs/config); with
 * LIFELINE_PUBLISHER=kafka it also publishes to Kafka. SIGINT/SIGTERM stop it gracefully:
 * acknowledged publisher checkpoints and the projector's current batches are written.
 */
async function main(): Promise<void> {
  const logger = pino({ name: 'lifeline-projector' });
  const config = loadConfig(process.env);
  const app = await startProjectorApp({ config, logger });
  logger.info(
    { eventStore: config.eventStore, readStore: config.readStore, publisher: config.publisher, dataDir: config.dataDir },
    config.publisher === 'kafka' ? 'projector running, publishing to Kafka' : 'projector running',
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping projector');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ error: String(error) }, 'projector did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`projector failed to start: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  process.exit(1);
});
