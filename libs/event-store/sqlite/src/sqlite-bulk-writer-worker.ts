import { parentPort, workerData } from 'node:worker_threads';
import { WrongExpectedRevisionError } from '@lifeline/event-store/port';
import { openSqliteDatabase } from '@lifeline/sqlite';
import type { BulkWriterData, FromBulkWriter, ToBulkWriter, WriterErrorMessage } from './sqlite-bulk-writer-messages';
import { SqliteEventWriter, unpackAppends } from './sqlite-event-writer';

/**
 * The bulk writer thread (see SqliteBulkWriterThread): its own connection to the events file,
 * one IMMEDIATE transaction per batch received, in the order received, each answered when
 * committed or refused. A batch is all or nothing, as on the store's own connection.
 */
const { filename, cacheKib, checkpointPages } = workerData as BulkWriterData;
const port = parentPort!;
const db = openSqliteDatabase(filename);
db.pragma(`cache_size = -${cacheKib}`);
db.pragma(`wal_autocheckpoint = ${checkpointPages}`);
const writer = new SqliteEventWriter(db);
const send = (message: FromBulkWriter) => port.postMessage(message);

port.on('message', (message: ToBulkWriter) => {
  if (message.type === 'close') {
    db.close();
    send({ type: 'closed' });
    port.close();
    return;
  }
  try {
    const outcomes: number[] = [];
    for (const { result, wrote } of writer.appendBatch(unpackAppends(message.appends))) outcomes.push(result.nextExpectedRevision, result.position, wrote ? 1 : 0);
    send({ type: 'appended', id: message.id, outcomes });
  } catch (error) {
    send({ type: 'failed', id: message.id, error: describe(error) });
  }
});

function describe(error: unknown): WriterErrorMessage {
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  const base = { name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : String(error), ...(typeof code === 'string' && { code }) };
  if (error instanceof WrongExpectedRevisionError) return { ...base, streamId: error.streamId, expected: error.expected, actual: error.actual };
  return base;
}
