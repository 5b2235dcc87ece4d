/**
 * The background writer's thread: one connection to the read store's file, committing the
 * batches it is sent in order (see SqliteBackgroundWriter).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BackgroundWriterData, CloseRequest, CommitReply, CommitRequest, FailedCommit } from './background-writer-messages';
import { SqliteReadModelStore } from './sqlite-read-model-store';

const { filename } = workerData as BackgroundWriterData;
const store = SqliteReadModelStore.open(filename);

parentPort!.on('message', (message: CommitRequest | CloseRequest) => {
  if ('close' in message) {
    void store.close().then(() => parentPort!.close());
    return;
  }
  const { id, collection, batch, ends } = message;
  const docs = Buffer.from(message.docs);
  let reply: CommitReply;
  try {
    store.commitSerialised(collection, batch, (i) => docs.toString('utf8', i === 0 ? 0 : ends[i - 1], ends[i]));
    reply = { id };
  } catch (error) {
    reply = { id, error: describe(error) };
  }
  parentPort!.postMessage(reply);
});

function describe(error: unknown): FailedCommit {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { collection, version, expected, actual } = error as Partial<FailedCommit>;
  return { name: error.name, message: error.message, collection, version, expected, actual };
}
