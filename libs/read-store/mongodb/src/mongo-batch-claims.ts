import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import type { StoredDocument } from '@lifeline/read-store/port';
import { DUPLICATE_KEY, isServerError, type VersionDocument } from './mongo-version-record';

/** One document write of a batch, as the redo record keeps it. */
export type JournalOperation = { put: StoredDocument } | { delete: string };

/**
 * The claim on moving one version's checkpoint on from `from`, and the batch that does it:
 * `_id` = `<version record id>@<from>`, so the server's unique `_id` lets exactly one writer
 * claim each step (an insert is atomic on every MongoDB-wire server; a conditional update is not
 * on all of them). From its insert the batch counts as committed; whoever finds it (its writer,
 * or any later writer after a crash) writes its documents, moves the checkpoint and deletes it.
 * Small batches carry their operations inline; larger ones in `lifeline_journal` chunks written
 * before the claim.
 */
export interface BatchClaim {
  _id: string;
  version: string;
  from: number;
  checkpoint: number;
  batch: string;
  writer: string;
  since: number;
  operations?: JournalOperation[];
  chunks?: number;
}

interface JournalChunk {
  _id: string;
  batch: string;
  operations: JournalOperation[];
}

/** Batch claims: the commit points (see BatchClaim). */
export const CLAIMS_COLLECTION = 'lifeline_commits';
/** Operations of batches too large to carry inline in their claim. */
export const JOURNAL_COLLECTION = 'lifeline_journal';
/** Journal bytes (as JSON) carried inline in the claim, and per journal chunk: far below the 16 MB document limit. */
const INLINE_JOURNAL_BYTES = 1_000_000;
/**
 * How long another writer's batch may stay pending before this writer completes it itself
 * (its writer is taken to have died). Below it, this writer waits: the batch is being written.
 */
export const PENDING_BATCH_LEASE_MS = 15_000;
const PENDING_POLL_MS = 50;

/**
 * Commits read-model batches without multi-document transactions: a batch commits by inserting
 * its claim on the step from the checkpoint it read (a redo record); then its documents are
 * written (idempotent replacements and deletes), the checkpoint moves and the claim is deleted.
 * A crash in between leaves the claim, and the next writer completes it before anything else.
 */
export class MongoBatchClaims {
  private readonly journal: Collection<JournalChunk>;
  private readonly claims: Collection<BatchClaim>;
  /** Names this store's claims, to tell its own from another process's. */
  private readonly writer = randomUUID();

  constructor(
    db: Db,
    private readonly meta: Collection<VersionDocument>,
    private readonly dataOf: (row: VersionDocument) => Collection<StoredDocument>,
  ) {
    this.journal = db.collection<JournalChunk>(JOURNAL_COLLECTION);
    this.claims = db.collection<BatchClaim>(CLAIMS_COLLECTION);
  }

  async createIndexes(): Promise<void> {
    await this.journal.createIndex({ batch: 1 }, { name: 'batch' });
  }

  /**
   * Moves `row` (as read, settled) on to `checkpoint` with `operations`. False when another
   * writer moved it first: the caller reads the version again and its rules decide.
   */
  async commit(row: VersionDocument, operations: JournalOperation[], checkpoint: number): Promise<boolean> {
    const claim = await this.claimFor(row, operations, checkpoint);
    let claimed = false;
    try {
      await this.claims.insertOne(claim); // the commit point
      claimed = true;
    } catch (error) {
      if (!isServerError(error, DUPLICATE_KEY)) throw error;
    }
    if (claimed) {
      // Claims are deleted once done, so a writer that read a checkpoint long ago could claim
      // that old step again: the checkpoint must still be the one the claim moves on from.
      const now = await this.meta.findOne({ _id: row._id });
      if (now && now.checkpoint === row.checkpoint) {
        await this.complete(claim);
        return true;
      }
      await this.claims.deleteOne({ _id: claim._id, batch: claim.batch });
    }
    if (claim.chunks) await this.journal.deleteMany({ batch: claim.batch });
    return false;
  }

  /** The version record with no claim on its current checkpoint: completes (or waits out) one left by a writer first. */
  async settledVersion(which: Record<string, unknown>): Promise<VersionDocument | undefined> {
    for (;;) {
      const row = (await this.meta.findOne(which)) ?? undefined;
      if (!row) return undefined;
      const claim = await this.claims.findOne({ _id: claimId(row) });
      if (!claim) return row;
      if (claim.writer !== this.writer && Date.now() - claim.since < PENDING_BATCH_LEASE_MS) {
        await new Promise((resolve) => setTimeout(resolve, PENDING_POLL_MS)); // its writer is writing it
        continue;
      }
      await this.complete(claim);
    }
  }

  /** The claim with the batch's operations inline when small, else in journal chunks written now (before the commit point). */
  private async claimFor(row: VersionDocument, operations: JournalOperation[], checkpoint: number): Promise<BatchClaim> {
    const claim: BatchClaim = { _id: claimId(row), version: row._id, from: row.checkpoint, checkpoint, batch: randomUUID(), writer: this.writer, since: Date.now() };
    const chunks: JournalOperation[][] = [[]];
    let bytes = 0;
    for (const operation of operations) {
      const size = JSON.stringify(operation).length;
      if (bytes + size > INLINE_JOURNAL_BYTES && chunks.at(-1)!.length > 0) {
        chunks.push([]);
        bytes = 0;
      }
      chunks.at(-1)!.push(operation);
      bytes += size;
    }
    if (chunks.length === 1) return { ...claim, operations };
    await this.journal.insertMany(chunks.map((chunk, i) => ({ _id: `${claim.batch}:${i}`, batch: claim.batch, operations: chunk })));
    return { ...claim, chunks: chunks.length };
  }

  /** Writes a claimed batch's documents (replaying them is harmless), moves the checkpoint, then releases the claim. */
  private async complete(claim: BatchClaim): Promise<void> {
    const row = await this.meta.findOne({ _id: claim.version });
    if (row && row.checkpoint === claim.from) {
      const data = this.dataOf(row);
      const write = async (operations: readonly JournalOperation[]) => {
        const writes: AnyBulkWriteOperation<StoredDocument>[] = operations.map((operation) =>
          'put' in operation
            ? { replaceOne: { filter: { _id: operation.put._id }, replacement: operation.put, upsert: true } }
            : { deleteOne: { filter: { _id: operation.delete } } },
        );
        if (writes.length > 0) await data.bulkWrite(writes, { ordered: false });
      };
      if (claim.operations) await write(claim.operations);
      for (let i = 0; i < (claim.chunks ?? 0); i += 1) {
        const chunk = await this.journal.findOne({ _id: `${claim.batch}:${i}` });
        if (!chunk) throw new Error(`read-model batch ${claim.batch} lost its journal chunk ${i}`);
        await write(chunk.operations);
      }
      // Only the claim's holder (or whoever completes it for a dead one) moves the checkpoint on from `from`.
      await this.meta.updateOne({ _id: claim.version, checkpoint: claim.from }, { $set: { checkpoint: claim.checkpoint, updatedAt: new Date().toISOString() } });
    }
    // Released only after the checkpoint moved: until then nobody else can claim this step.
    await this.claims.deleteOne({ _id: claim._id, batch: claim.batch });
    if (claim.chunks) await this.journal.deleteMany({ batch: claim.batch });
  }
}

function claimId(row: Pick<VersionDocument, '_id' | 'checkpoint'>): string {
  return `${row._id}@${row.checkpoint}`;
}
