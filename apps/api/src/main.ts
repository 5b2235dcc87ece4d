import 'reflect-metadata';
import { StoreUnreachableError } from '@lifeline/composition';
import { ConfigError, loadConfig } from '@lifeline/config';
import { mkdirSync } from 'node:fs';
import { createHttpApp } from './http/create-http-app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  mkdirSync(config.dataDir, { recursive: true });
  // Nest's start-up chatter (every module and route) stays out of the log; warnings and errors stay in.
  const app = await createHttpApp(config, { logger: ['error', 'warn'] });
  // SIGTERM/SIGINT close the stores cleanly (WAL checkpoint) before the process exits.
  app.enableShutdownHooks();
  await app.listen(config.port);
  console.log(`Lifeline API listening on ${await app.getUrl()} (data in ${config.dataDir}, OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: one line, no stack.
  console.error(error instanceof ConfigError || error instanceof StoreUnreachableError ? error.message : error);
  process.exit(1);
});
