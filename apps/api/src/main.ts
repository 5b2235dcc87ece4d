import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@lifeline/config';
import { mkdirSync } from 'node:fs';
import { createHttpApp } from './http/create-http-app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  mkdirSync(config.dataDir, { recursive: true });
  const app = await createHttpApp(config);
  // SIGTERM/SIGINT close the stores cleanly (WAL checkpoint) before the process exits.
  app.enableShutdownHooks();
  await app.listen(config.port);
  new Logger('lifeline').log(`API listening on ${await app.getUrl()} (data in ${config.dataDir}, docs at /docs)`);
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: one line, no stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
