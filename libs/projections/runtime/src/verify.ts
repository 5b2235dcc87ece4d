import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import type { ReadModelStore, StoredDocument } from '@lifeline/read-store/port';
import { asStored, documentDifferences, type FieldDifference } from './document-diff';
import { foldLog } from './fold';
import type { DocumentProjection } from './projection';

export interface DocumentMismatch {
  readonly id: string;
  /** missing: the log says it exists, the store lacks it; extra: the reverse. */
  readonly kind: 'missing' | 'extra' | 'differing';
  /** For `differing`: the first fields that differ. */
  readonly fields?: readonly FieldDifference[];
}

export interface VerifyReport {
  readonly projection: string;
  /** The live version compared and the checkpoint both sides reflect. */
  readonly storeVersion: number;
  readonly position: number;
  /** Documents the log folds into at that position. */
  readonly expectedDocuments: number;
  readonly missing: number;
  readonly extra: number;
  readonly differing: number;
  /** The first mismatches, at most `maxExamples`, ordered by id. */
  readonly examples: readonly DocumentMismatch[];
  readonly equal: boolean;
}

export interface VerifyOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadModelStore;
  /** Mismatches described in full; default 10. The counts are always complete. */
  readonly maxExamples?: number;
  readonly streamPrefix?: string;
  readonly signal?: AbortSignal;
}

/** The stored model kept changing under the comparison (rebuild swaps, a racing writer). */
export class VerifyUnsettledError extends Error {
  constructor(readonly projection: string) {
    super(`read model ${projection} kept changing while it was compared (a rebuild swapping in?); run verify again`);
    this.name = 'VerifyUnsettledError';
  }
}

const ATTEMPTS = 3;
const SETTLE_ROUNDS = 10;
const GET_MANY_CHUNK = 500;

const withoutId = ({ _id, ...doc }: StoredDocument) => doc;

/**
 * Folds the whole log in memory (pure projection, nothing written) up to the stored live
 * checkpoint and compares the result with the stored documents. Stored documents are streamed,
 * so memory holds the folded model once plus the ids of documents that disagree.
 *
 * A projector may keep committing meanwhile: documents that disagree, or that events after the
 * first checkpoint touched, are compared again at a checkpoint that holds still while they are
 * read, with the fold carried forward to it. So a running projector causes no false findings.
 */
export async function verifyProjection<Doc extends object>(projection: DocumentProjection<Doc>, options: VerifyOptions): Promise<VerifyReport> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const report = await verifyOnce(projection, options);
    if (report) return report;
  }
  throw new VerifyUnsettledError(projection.name);
}

async function verifyOnce<Doc extends object>(projection: DocumentProjection<Doc>, options: VerifyOptions): Promise<VerifyReport | undefined> {
  const { eventStore, readStore, signal } = options;
  const fold = { streamPrefix: options.streamPrefix ?? CUSTOMER_STREAM_PREFIX, signal };
  const name = projection.name;
  const start = await readStore.getCheckpoint(name);
  const expected = new Map<string, Doc>();
  await foldLog(projection, eventStore, expected, { after: 0, upTo: start.position }, fold);
  let folded = start.position;

  // One streaming pass: remember only the ids that need a second look.
  const suspicious = new Set<string>();
  const unseen = new Set(expected.keys());
  for await (const stored of readStore.scan(name)) {
    signal?.throwIfAborted();
    unseen.delete(stored._id);
    const want = expected.get(stored._id);
    if (want === undefined || documentDifferences(withoutId(stored), asStored(want), 1).length > 0) suspicious.add(stored._id);
  }
  for (const id of unseen) suspicious.add(id);
  unseen.clear();

  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    const before = await readStore.getCheckpoint(name);
    if (before.version !== start.version) return undefined; // another version went live: start over
    if (before.position > folded) {
      for (const id of await foldLog(projection, eventStore, expected, { after: folded, upTo: before.position }, fold)) suspicious.add(id);
      folded = before.position;
    }
    const report = await compare(projection.name, [...suspicious].sort(), expected, readStore, options.maxExamples ?? 10);
    const after = await readStore.getCheckpoint(name);
    if (after.version === before.version && after.position === before.position) {
      return { projection: name, storeVersion: before.version, position: before.position, expectedDocuments: expected.size, ...report };
    }
  }
  return undefined;
}

async function compare<Doc extends object>(
  collection: string,
  ids: readonly string[],
  expected: ReadonlyMap<string, Doc>,
  readStore: ReadModelStore,
  maxExamples: number,
): Promise<Pick<VerifyReport, 'missing' | 'extra' | 'differing' | 'examples' | 'equal'>> {
  let missing = 0;
  let extra = 0;
  let differing = 0;
  const examples: DocumentMismatch[] = [];
  const note = (mismatch: DocumentMismatch) => {
    if (examples.length < maxExamples) examples.push(mismatch);
  };
  for (let i = 0; i < ids.length; i += GET_MANY_CHUNK) {
    const chunk = ids.slice(i, i + GET_MANY_CHUNK);
    const stored = new Map((await readStore.getMany(collection, chunk)).map((doc) => [doc._id, withoutId(doc)]));
    for (const id of chunk) {
      const have = stored.get(id);
      const want = expected.get(id);
      if (have === undefined && want === undefined) continue; // deleted on both sides by now
      if (have === undefined) {
        missing++;
        note({ id, kind: 'missing' });
      } else if (want === undefined) {
        extra++;
        note({ id, kind: 'extra' });
      } else {
        const fields = documentDifferences(have, asStored(want));
        if (fields.length === 0) continue;
        differing++;
        note({ id, kind: 'differing', fields });
      }
    }
  }
  return { missing, extra, differing, examples, equal: missing + extra + differing === 0 };
}
