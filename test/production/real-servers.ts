import { existsSync } from 'node:fs';

/**
 * Contract tests against real servers run when the server's address is in the environment,
 * or through Testcontainers when a Docker engine is likely to answer; otherwise they are
 * skipped under a name that says so. Jest needs the decision at collection time, so this is
 * a synchronous probe: DOCKER_HOST, or a Docker socket on disk. (A socket whose engine is
 * down makes the container start fail in beforeAll, loudly, rather than hang.)
 */
export function dockerEngineLikely(): boolean {
  if (process.env['LIFELINE_NO_TESTCONTAINERS'] === '1') return false;
  if (process.env['DOCKER_HOST']) return true;
  return ['/var/run/docker.sock', `${process.env['HOME'] ?? ''}/.docker/run/docker.sock`].some((path) => existsSync(path));
}

export type RealServer = { kind: 'environment'; address: string } | { kind: 'testcontainers' } | { kind: 'none' };

/**
 * CI (`.ci/run`) starts real servers and sets LIFELINE_REQUIRE_REAL_SERVERS=1: then a suite
 * whose variable is missing fails loudly instead of being skipped quietly.
 */
export function realServerFor(variable: string): RealServer {
  const address = process.env[variable];
  if (address) return { kind: 'environment', address };
  if (process.env['LIFELINE_REQUIRE_REAL_SERVERS'] === '1' && variable !== 'EVENTSTORE_URL') {
    throw new Error(`${variable} is not set, and LIFELINE_REQUIRE_REAL_SERVERS=1 forbids skipping its suite (start the servers with scripts/services up)`);
  }
  return dockerEngineLikely() ? { kind: 'testcontainers' } : { kind: 'none' };
}

/** Time for pulling and starting a server image on a cold machine. */
export const CONTAINER_START_TIMEOUT_MS = 180_000;

/** EventStoreDB image the contract and docker-compose.yml use (insecure single node). */
export const EVENTSTOREDB_IMAGE = 'eventstore/eventstore:24.10';
export const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.7.1';
