import pino from 'pino';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { startProjectorApp } from './projector-app';

/**
 * The projector alone (production runs it apart from the API). Reads LIFELINE_DATA_DIR
 * (default ./data) and stops gracefully on SIGINT/SIGTERM: current batches are committed.
 */
async function main(): Promise<void> {
  const logger = pino({ name: 'lifeline-projector' });
  const dataDir = process.env.LIFELINE_DATA_DIR?.trim() || './data';
  const app = await startProjectorApp({ dataDir, projections: ALL_PROJECTIONS, logger });
  logger.info({ dataDir, projections: ALL_PROJECTIONS.map((p) => p.name) }, 'projector running');
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
  console.error('projector failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
