import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { eventStoreContract } from '../../port/src/testing/event-store.contract';
import { CONTAINER_START_TIMEOUT_MS, EVENTSTOREDB_IMAGE, realServerFor } from '../../../../test/production/real-servers';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// The shared EventStore contract against a real EventStoreDB: the one in EVENTSTORE_URL, else
// a throw-away container when a Docker engine is around, else skipped (never a fake server).
const server = realServerFor('EVENTSTORE_URL');

if (server.kind === 'environment') {
  eventStoreContract(`EventStoreDB at ${server.address}`, async () => EventStoreDbEventStore.connect(server.address));
} else if (server.kind === 'testcontainers') {
  let container: StartedTestContainer | undefined;
  jest.setTimeout(CONTAINER_START_TIMEOUT_MS);
  afterAll(async () => {
    await container?.stop();
  });
  eventStoreContract(`EventStoreDB in a container (${EVENTSTOREDB_IMAGE})`, async () => {
    container = await new GenericContainer(EVENTSTOREDB_IMAGE)
      .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .withStartupTimeout(CONTAINER_START_TIMEOUT_MS)
      .start();
    return EventStoreDbEventStore.connect(`esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`);
  });
} else {
  describe.skip('EventStoreDB contract skipped: set EVENTSTORE_URL or run a Docker engine', () => {
    it('runs the EventStore contract suite against a real EventStoreDB', () => undefined);
  });
}
