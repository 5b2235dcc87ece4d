import Database from 'better-sqlite3';
import { conditionClauses, expressionOf, pageSql, type SqlValue } from './query-sql';
import { serialiseBatch, type SerialisedBatch } from './serialised-batch';
import { SqliteBackgroundWriter } from './sqlite-background-writer';
import {
  assertCollectionName,
  assertCommitAllowed,
  encodeCursor,
  indexLabels,
  keysOfLabel,
  normaliseFilter,
  normaliseFindQuery,
  ReadStoreQueryError,
  UnknownCollectionError,
  type BackgroundBatchWriter,
  type BatchCommit,
  type Checkpoint,
  type CollectionStatus,
  type FindQuery,
  type Filter,
  type IndexField,
  type Page,
  type ReadModelStore,
  type ReadStoreStatus,
  type ScanOptions,
  type StoredDocument,
  type VersionOption,
} from '@lifeline/read-store/port';

interface VersionRow {
  collection: string;
  version: number;
  live: number;
  checkpoint: number;
  indexes: string;
  updated_at: string;
}

const DEFAULT_SCAN_BATCH = 500;
const STATEMENT_CACHE_LIMIT = 500;
/** Commits between PRAGMA optimize runs (cheap when nothing changed much: SQLite re-analyses a table after 25x growth). */
const OPTIMIZE_EVERY_COMMITS = 100;

/** Table of one collection version; names are validated, so quoting is enough. */
const tableOf = (collection: string, version: number) => `"rm_${collection}__v${version}"`;
/** `rm_profiles__v1__status` for a single field, `rm_profiles__v1__status+acquiredAt` for a compound index. */
const indexNameOf = (collection: string, version: number, label: string) =>
  `"rm_${collection}__v${version}__${keysOfLabel(label)
    .map((field) => field.replaceAll('.', '_'))
    .join('+')}"`;
/**
 * Every index ends with `id` explicitly: the keyset cursor orders by (keys..., id), so an
 * equality on the leading keys then reads the page straight off the index, without a sort.
 * (Versions created as WITHOUT ROWID tables carried the key in every index anyway.)
 */
const indexColumnsOf = (label: string) => {
  const keys = keysOfLabel(label);
  return [...keys.map(expressionOf), ...(keys.includes('_id') ? [] : ['id'])].join(', ');
};

/**
 * Read models in SQLite: one table per collection version (`id TEXT PRIMARY KEY, doc TEXT`
 * holding the JSON without `_id`), expression indexes on `json_extract(doc, '$.field')`,
 * WAL so the API reads while the projector writes, and a `rm_versions` table with each
 * version's checkpoint and indexes, updated in the same transaction as the documents.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly statements = new Map<string, Database.Statement>();
  /** Starts due, so a collection the projector fills from empty gets statistics with its first batch. */
  private commitsUntilOptimize = 1;

  private constructor(private readonly db: Database.Database) {}

  static open(filename: string): SqliteReadModelStore {
    const db = new Database(filename);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Freed space is overwritten with zeros, so a document rewritten by an erasure leaves no
    // old bytes in free pages (docs/security.md#erasure).
    db.pragma('secure_delete = ON');
    // Long enough to wait out a swap building a rebuilt version's indexes (seconds per million documents).
    db.pragma('busy_timeout = 30000');
    db.exec(`CREATE TABLE IF NOT EXISTS rm_versions (
      collection TEXT NOT NULL,
      version INTEGER NOT NULL,
      live INTEGER NOT NULL,
      checkpoint INTEGER NOT NULL,
      indexes TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (collection, version)
    ) WITHOUT ROWID`);
    return new SqliteReadModelStore(db);
  }

  async ensureCollection(name: string, indexes: readonly IndexField[]): Promise<void> {
    assertCollectionName(name);
    const fields = indexLabels(indexes);
    this.db
      .transaction(() => {
        const live = this.versionRow(name);
        if (!live) {
          this.createVersion(name, 1, true, fields);
          return;
        }
        this.addIndexes(live, fields);
      })
      .immediate();
  }

  async get<Doc extends StoredDocument = StoredDocument>(collection: string, id: string, options?: VersionOption): Promise<Doc | undefined> {
    return (await this.getMany<Doc>(collection, [id], options))[0];
  }

  async getMany<Doc extends StoredDocument = StoredDocument>(collection: string, ids: readonly string[], options?: VersionOption): Promise<Doc[]> {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new ReadStoreQueryError('ids must be an array of strings');
    return this.db.transaction(() => {
      const row = this.requireVersion(collection, options?.version);
      const docs: Doc[] = [];
      // Bounded IN lists: SQLite caps bound parameters per statement.
      for (let start = 0; start < ids.length; start += 500) {
        const chunk = ids.slice(start, start + 500);
        const sql = `SELECT id, doc FROM ${tableOf(row.collection, row.version)} WHERE id IN (${chunk.map(() => '?').join(',')})`;
        for (const found of this.statement(sql).all(...chunk) as { id: string; doc: string }[]) docs.push(this.toDocument<Doc>(found));
      }
      return docs;
    })();
  }

  async find<Doc extends StoredDocument = StoredDocument>(collection: string, query?: FindQuery): Promise<Page<Doc>> {
    return this.db.transaction(() => {
      const { normalised, sql, params, nullTail } = this.findStatement(collection, query);
      type Row = { id: string; doc: string } & Record<string, SqlValue>; // s0, s1, …: the sort values
      let rows = this.statement(sql).all(...params, normalised.limit + 1) as Row[];
      if (nullTail && rows.length <= normalised.limit) {
        rows = rows.concat(this.statement(nullTail.sql).all(...nullTail.params, normalised.limit + 1 - rows.length) as Row[]);
      }
      const page = rows.slice(0, normalised.limit);
      const last = page.at(-1);
      const more = rows.length > normalised.limit && last !== undefined;
      return {
        items: page.map((found) => this.toDocument<Doc>(found)),
        ...(more && { nextCursor: encodeCursor(normalised.sort, normalised.sort.map((_, i) => last[`s${i}`] ?? null)) }),
      };
    })();
  }

  /**
   * SQLite's plan for `find(collection, query)`, one line per step (EXPLAIN QUERY PLAN), for
   * operators and tests: a list query should read its page off an index, without "TEMP B-TREE".
   */
  async explainFind(collection: string, query?: FindQuery): Promise<string[]> {
    return this.db.transaction(() => {
      const { normalised, sql, params } = this.findStatement(collection, query);
      return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, normalised.limit + 1) as { detail: string }[]).map((step) => step.detail);
    })();
  }

  private findStatement(collection: string, query: FindQuery | undefined) {
    const row = this.requireVersion(collection);
    const normalised = normaliseFindQuery(query, this.indexLabelsOf(row));
    return { normalised, ...pageSql(tableOf(row.collection, row.version), normalised) };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    return this.db.transaction(() => {
      const row = this.requireVersion(collection);
      const { where, params } = conditionClauses(normaliseFilter(filter, this.indexLabelsOf(row)));
      const sql = `SELECT count(*) AS n FROM ${tableOf(row.collection, row.version)}` + (where.length ? ` WHERE ${where.join(' AND ')}` : '');
      return (this.statement(sql).get(...params) as { n: number }).n;
    })();
  }

  async *scan<Doc extends StoredDocument = StoredDocument>(collection: string, options?: ScanOptions): AsyncIterable<Doc> {
    const batchSize = options?.batchSize ?? DEFAULT_SCAN_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ReadStoreQueryError('batchSize must be a positive whole number');
    let afterId: string | undefined;
    for (;;) {
      // Each batch is its own short read, so a long scan never holds a snapshot or a lock.
      const batch = this.db.transaction(() => {
        const row = this.requireVersion(collection);
        const { where, params } = conditionClauses(normaliseFilter(options?.filter, this.indexLabelsOf(row)));
        if (afterId !== undefined) {
          where.push('id > ?');
          params.push(afterId);
        }
        const sql =
          `SELECT id, doc FROM ${tableOf(row.collection, row.version)}` + (where.length ? ` WHERE ${where.join(' AND ')}` : '') + ' ORDER BY id LIMIT ?';
        return this.statement(sql).all(...params, batchSize) as { id: string; doc: string }[];
      })();
      for (const found of batch) yield this.toDocument<Doc>(found);
      if (batch.length < batchSize) return;
      afterId = batch[batch.length - 1].id;
    }
  }

  async getCheckpoint(collection: string, options?: VersionOption): Promise<Checkpoint> {
    return this.toCheckpoint(this.requireVersion(collection, options?.version));
  }

  async commitBatch(collection: string, batch: BatchCommit): Promise<void> {
    const serialised = serialiseBatch(batch);
    this.commitSerialised(collection, serialised, (i) => serialised.docs[i]);
  }

  /**
   * A batch already validated and serialised by `serialiseBatch` (on this thread or another:
   * the background writer's thread commits what the rebuild's thread serialised), its documents'
   * JSON given by position in `ids`.
   */
  commitSerialised(collection: string, batch: Omit<SerialisedBatch, 'docs'>, docAt: (index: number) => string): void {
    const { ids, deletes, checkpoint } = batch;
    this.db
      .transaction(() => {
        assertCollectionName(collection);
        const row = batch.version === undefined ? this.versionRow(collection) : this.versionRow(collection, batch.version);
        assertCommitAllowed(collection, row, batch);
        const table = tableOf(row.collection, row.version);
        const upsert = this.statement(`INSERT INTO ${table} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`);
        for (let i = 0; i < ids.length; i++) upsert.run(ids[i], docAt(i));
        const remove = this.statement(`DELETE FROM ${table} WHERE id = ?`);
        for (const id of deletes) remove.run(id);
        this.statement('UPDATE rm_versions SET checkpoint = ?, updated_at = ? WHERE collection = ? AND version = ?').run(
          checkpoint,
          new Date().toISOString(),
          row.collection,
          row.version,
        );
      })
      .immediate();
    // Collections grown batch by batch would otherwise never have planner statistics (see swapIn).
    if (--this.commitsUntilOptimize <= 0) {
      this.commitsUntilOptimize = OPTIMIZE_EVERY_COMMITS;
      this.db.pragma('optimize=0x10002');
    }
  }

  /**
   * On a file: a writer thread with its own connection to it (see SqliteBackgroundWriter).
   * In memory: none, another connection would be another database.
   */
  openBackgroundWriter(): BackgroundBatchWriter | undefined {
    if (this.db.memory || this.db.name === '') return undefined;
    return new SqliteBackgroundWriter(this.db.name);
  }

  async beginRebuild(collection: string, indexes: readonly IndexField[]): Promise<number> {
    assertCollectionName(collection);
    const fields = indexLabels(indexes);
    return this.db
      .transaction(() => {
        const live = this.versionRow(collection);
        if (!live) throw new UnknownCollectionError(collection);
        const pending = this.rebuildRow(collection);
        if (pending) {
          this.addIndexes(pending, fields);
          return pending.version;
        }
        const { max } = this.statement('SELECT max(version) AS max FROM rm_versions WHERE collection = ?').get(collection) as { max: number };
        this.createVersion(collection, max + 1, false, fields);
        return max + 1;
      })
      .immediate();
  }

  async swapIn(collection: string, version: number): Promise<void> {
    assertCollectionName(collection);
    // Without statistics the planner takes any equality index as selective: a status filter sorted
    // by date then reads half the collection and sorts it (60 ms instead of 1 ms at 100k). Analysed
    // before the swap, so it goes live with good plans; a sampled ANALYZE (analysis_limit) is not
    // enough, it caps low-cardinality estimates at the sample size. About 3 s per million documents.
    const pending = this.versionRow(collection, version);
    if (pending && !pending.live) {
      // Built here, from the loaded rows, rather than kept up to date by every insert of the
      // rebuild. Holds the write lock for a few seconds per million documents: other writers of
      // this file wait for it (busy_timeout), readers do not.
      this.db.transaction(() => this.createIndexes(collection, version, this.indexLabelsOf(pending))).immediate();
      this.db.exec(`ANALYZE ${tableOf(collection, version)}`);
    }
    this.db
      .transaction(() => {
        const target = this.versionRow(collection, version);
        if (!target) throw new UnknownCollectionError(collection, version);
        if (target.live) return; // already swapped: a retry after a crash is harmless
        const live = this.versionRow(collection);
        if (live) this.dropVersion(live);
        this.statement('UPDATE rm_versions SET live = 1, updated_at = ? WHERE collection = ? AND version = ?').run(new Date().toISOString(), collection, version);
      })
      .immediate();
  }

  async abortRebuild(collection: string): Promise<void> {
    assertCollectionName(collection);
    this.db
      .transaction(() => {
        const pending = this.rebuildRow(collection);
        if (pending) this.dropVersion(pending);
      })
      .immediate();
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    const rows = this.statement('SELECT * FROM rm_versions ORDER BY collection, version').all() as VersionRow[];
    return rows.map((row) => this.toCheckpoint(row));
  }

  async status(): Promise<ReadStoreStatus> {
    return this.db.transaction(() => {
      const rows = this.statement('SELECT * FROM rm_versions ORDER BY collection, version').all() as VersionRow[];
      const documentsIn = (row: VersionRow) => (this.statement(`SELECT count(*) AS n FROM ${tableOf(row.collection, row.version)}`).get() as { n: number }).n;
      const collections: CollectionStatus[] = [];
      for (const live of rows.filter((row) => row.live)) {
        const pending = rows.find((row) => row.collection === live.collection && !row.live);
        collections.push({
          name: live.collection,
          liveVersion: live.version,
          documents: documentsIn(live),
          checkpoint: live.checkpoint,
          indexes: JSON.parse(live.indexes) as string[],
          ...(pending && { rebuild: { version: pending.version, checkpoint: pending.checkpoint, documents: documentsIn(pending) } }),
        });
      }
      return { collections };
    })();
  }

  /**
   * Copies the WAL into the file and truncates it: the WAL holds old page images (an erased
   * customer's former documents) until then. A reader on an older snapshot holds it back; it
   * is retried a little, and SQLite's own checkpoints and the last close finish it later.
   */
  async discardDeletedContent(): Promise<boolean> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (!result || result.busy === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The live version, or the given one. */
  private versionRow(collection: string, version?: number): VersionRow | undefined {
    return version === undefined
      ? (this.statement('SELECT * FROM rm_versions WHERE collection = ? AND live = 1').get(collection) as VersionRow | undefined)
      : (this.statement('SELECT * FROM rm_versions WHERE collection = ? AND version = ?').get(collection, version) as VersionRow | undefined);
  }

  private rebuildRow(collection: string): VersionRow | undefined {
    return this.statement('SELECT * FROM rm_versions WHERE collection = ? AND live = 0').get(collection) as VersionRow | undefined;
  }

  private requireVersion(collection: string, version?: number): VersionRow {
    assertCollectionName(collection);
    const row = this.versionRow(collection, version);
    if (!row) throw new UnknownCollectionError(collection, version);
    return row;
  }

  /** Index labels (see @lifeline/read-store/port indexes.ts) of a version. */
  private indexLabelsOf(row: VersionRow): readonly string[] {
    return JSON.parse(row.indexes) as string[];
  }

  /**
   * A rowid table: documents run to hundreds of bytes, and a WITHOUT ROWID table keeps whole rows
   * in its key B-tree, so every insert in id order moved them around (measured: a million timeline
   * entries inserted 3x slower). A live version gets its indexes now; a rebuild's version only
   * records them and builds them in `swapIn`, once, instead of updating them with every insert.
   */
  private createVersion(collection: string, version: number, live: boolean, labels: readonly string[]): void {
    this.db.exec(`CREATE TABLE ${tableOf(collection, version)} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
    if (live) this.createIndexes(collection, version, labels);
    this.statement('INSERT INTO rm_versions (collection, version, live, checkpoint, indexes, updated_at) VALUES (?, ?, ?, 0, ?, ?)').run(
      collection,
      version,
      live ? 1 : 0,
      JSON.stringify(labels),
      new Date().toISOString(),
    );
  }

  private createIndexes(collection: string, version: number, labels: readonly string[]): void {
    for (const label of labels) {
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${indexNameOf(collection, version, label)} ON ${tableOf(collection, version)} (${indexColumnsOf(label)})`);
    }
  }

  /** Indexes declared since the version was created (an upgraded projection on an existing read.db). */
  private addIndexes(row: VersionRow, labels: readonly string[]): void {
    const existing = JSON.parse(row.indexes) as string[];
    const missing = labels.filter((label) => !existing.includes(label));
    if (missing.length === 0) return;
    if (row.live) this.createIndexes(row.collection, row.version, missing);
    this.statement('UPDATE rm_versions SET indexes = ? WHERE collection = ? AND version = ?').run(JSON.stringify([...existing, ...missing]), row.collection, row.version);
  }

  private dropVersion(row: VersionRow): void {
    this.statements.clear(); // cached statements may name the dropped table
    this.db.exec(`DROP TABLE IF EXISTS ${tableOf(row.collection, row.version)}`);
    this.statement('DELETE FROM rm_versions WHERE collection = ? AND version = ?').run(row.collection, row.version);
  }

  private toDocument<Doc extends StoredDocument>(row: { id: string; doc: string }): Doc {
    return { _id: row.id, ...(JSON.parse(row.doc) as object) } as Doc;
  }

  private toCheckpoint(row: VersionRow): Checkpoint {
    return { collection: row.collection, version: row.version, live: row.live === 1, position: row.checkpoint, updatedAt: row.updated_at };
  }
}
