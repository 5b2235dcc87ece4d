import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface OpenSqliteOptions {
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a SQLite file the way every Lifeline store wants it:
 * - WAL, so readers (projector, queries) never block the writer and vice versa;
 * - synchronous=NORMAL: in WAL mode a commit is still atomic and the file never corrupts on
 *   power loss; only the last few commits before an OS crash may be lost (not on a process
 *   crash). FULL would fsync on every commit, several times slower on the append hot path;
 * - busy_timeout, so two processes on one file wait for each other instead of failing;
 * - foreign keys enforced (off by default in SQLite).
 * `':memory:'` is allowed; it stays in its rollback journal mode (WAL needs a file).
 */
export function openSqliteDatabase(filename: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  const db = new Database(filename);
  try {
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
    if (filename !== ':memory:' && filename !== '') {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new Error(`SQLite file ${filename}: could not switch to WAL (journal_mode is ${String(mode)})`);
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
