import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WrongExpectedRevisionError, type ExpectedRevision } from '@lifeline/event-store/port';
import type { BulkWriterData, FromBulkWriter, ToBulkWriter, WriterErrorMessage } from './sqlite-bulk-writer-messages';
import { EventIdConflictError, type AppendOutcome, type PackedAppends } from './sqlite-event-writer';

/** The worker's entry, compiled beside this file (absent when running from TypeScript sources, as under jest). */
const WORKER_SCRIPT = join(__dirname, 'sqlite-bulk-writer-worker.js');

/** The bulk writer thread stopped or could not write a batch for a reason other than the port's own errors (e.g. the file is locked). */
export class BulkWriterError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'BulkWriterError';
  }
}

/**
 * The inserts of a bulk load on a worker thread with its own connection, so that the caller's
 * thread goes on reading, deciding and serialising the next batch while this one is written:
 * on two cores the load takes about the longer of the two halves, not their sum. Batches are
 * written one at a time in the order given, each in one IMMEDIATE transaction, and each
 * append's promise settles when its batch is committed or refused. The caller bounds how many
 * are in flight.
 */
export class SqliteBulkWriterThread {
  private readonly pending = new Map<number, { resolve: (outcomes: AppendOutcome[]) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  /** Whether the compiled worker is there to run (the built CLI; not TypeScript sources). */
  static available(): boolean {
    return existsSync(WORKER_SCRIPT);
  }

  private readonly worker: Worker;

  constructor(data: BulkWriterData) {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: data satisfies BulkWriterData });
    this.worker.on('message', (message: FromBulkWriter) => this.receive(message));
    this.worker.on('error', (error) => this.fail(new BulkWriterError(`the bulk writer thread failed: ${error.message}`)));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.fail(new BulkWriterError(`the bulk writer thread stopped (exit code ${code})`));
        resolve();
      }),
    );
  }

  /** Batches sent and not yet committed or refused. */
  get inFlight(): number {
    return this.pending.size;
  }

  append(appends: PackedAppends): Promise<AppendOutcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'append', id, appends } satisfies ToBulkWriter);
    });
  }

  /** Ends the thread after the batches in flight (it handles messages in order), closing its connection. */
  async close(): Promise<void> {
    if (this.failure) await this.worker.terminate();
    else this.worker.postMessage({ type: 'close' } satisfies ToBulkWriter);
    await this.exited;
  }

  private receive(message: FromBulkWriter): void {
    if (message.type === 'closed') return;
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.type === 'failed') {
      waiting.reject(toError(message.error));
      return;
    }
    const outcomes: AppendOutcome[] = [];
    for (let i = 0; i < message.outcomes.length; i += 3) {
      outcomes.push({ result: { nextExpectedRevision: message.outcomes[i]!, position: message.outcomes[i + 1]! }, wrote: message.outcomes[i + 2] === 1 });
    }
    waiting.resolve(outcomes);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.pending.values()) reject(this.failure);
    this.pending.clear();
  }
}

function toError(error: WriterErrorMessage): Error {
  if (error.name === 'WrongExpectedRevisionError' && error.streamId !== undefined) {
    return new WrongExpectedRevisionError(error.streamId, error.expected as ExpectedRevision, error.actual as number | 'no_stream');
  }
  if (error.name === 'EventIdConflictError') return new EventIdConflictError(error.message);
  return new BulkWriterError(error.message, error.code);
}
