import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RUN_TYPESCRIPT_ENTRY } from '@lifeline/typescript-entries';
import { CheckpointConflictError, ReadStoreQueryError, UnknownCollectionError, type BackgroundBatchWriter, type BatchCommit } from '@lifeline/read-store/port';
import { serialiseBatch } from './serialised-batch';
import type { BackgroundWriterData, CloseRequest, CommitReply, CommitRequest, FailedCommit } from './background-writer-messages';

/** Old-generation heap of the writer thread (ids of one batch, statements, one document at a time). */
const WRITER_HEAP_MB = 64;
/** The worker's entry; from TypeScript sources (jest) RUN_TYPESCRIPT_ENTRY compiles it in the thread. */
const ENTRY = join(__dirname, `background-writer-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);

/**
 * A writer thread with its own connection to the read store's file. `commitBatch` checks and
 * serialises the batch on the caller's thread (so the caller may change the documents at once)
 * and hands the strings over; the thread inserts and commits them one batch after another, while
 * the caller folds the next. SQLite has one writer per file: this is it while a rebuild runs
 * (the live projector's commits to live versions wait for its transactions, busy_timeout).
 */
export class SqliteBackgroundWriter implements BackgroundBatchWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private readonly outstanding = new Set<Promise<void>>();
  private failure: Error | undefined;
  private closed: Promise<void> | undefined;

  constructor(filename: string) {
    const typescript = ENTRY.endsWith('.ts');
    this.worker = new Worker(typescript ? RUN_TYPESCRIPT_ENTRY : ENTRY, {
      workerData: { filename, ...(typescript && { entry: ENTRY }) } satisfies BackgroundWriterData & { entry?: string },
      // The thread holds a batch's ids and one document's JSON at a time (the batch itself is an
      // external buffer): a small heap keeps its garbage collected early instead of growing the
      // process's memory. Under jest it also compiles the sources, hence the larger limit there.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: typescript ? 256 : WRITER_HEAP_MB },
    });
    this.worker.on('message', (reply: CommitReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error) waiter?.reject(toError(reply.error));
      else waiter?.resolve();
    });
    // The thread died (it could not open the file, or ran out of memory): every batch not yet
    // confirmed fails, and so does every later one.
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(this.failure);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the read store's background writer stopped (exit code ${code})`)));
  }

  commitBatch(collection: string, batch: BatchCommit): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the background writer is closed'));
    if (this.failure) return Promise.reject(this.failure);
    let serialised;
    try {
      serialised = serialiseBatch(batch);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const { docs, ...rest } = serialised;
    const { bytes, ends } = pack(docs);
    const id = this.nextId++;
    const committed = new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: CommitRequest = { id, collection, batch: rest, docs: bytes, ends };
      this.worker.postMessage(request, [bytes, ends.buffer as ArrayBuffer]);
    });
    this.outstanding.add(committed);
    const settled = () => void this.outstanding.delete(committed);
    committed.then(settled, settled);
    return committed;
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      // Every batch given is committed (or refused) before the connection closes.
      await Promise.allSettled(this.outstanding);
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.postMessage({ close: true } satisfies CloseRequest);
      await exited;
    })();
    return this.closed;
  }
}

/** The documents' JSON as UTF-8, one after another, in a buffer of its own (so it can be transferred). */
function pack(docs: readonly string[]): { bytes: ArrayBuffer; ends: Uint32Array } {
  let size = 0;
  for (const doc of docs) size += Buffer.byteLength(doc);
  const bytes = new ArrayBuffer(size);
  const buffer = Buffer.from(bytes);
  const ends = new Uint32Array(docs.length);
  let offset = 0;
  docs.forEach((doc, i) => {
    offset += buffer.write(doc, offset);
    ends[i] = offset;
  });
  return { bytes, ends };
}

function toError(failed: FailedCommit): Error {
  switch (failed.name) {
    case 'CheckpointConflictError':
      return new CheckpointConflictError(failed.collection!, failed.version!, failed.expected!, failed.actual!);
    case 'UnknownCollectionError':
      return new UnknownCollectionError(failed.collection!, failed.version);
    case 'ReadStoreQueryError':
      return new ReadStoreQueryError(failed.message);
    default: {
      const error = new Error(failed.message);
      error.name = failed.name;
      return error;
    }
  }
}
