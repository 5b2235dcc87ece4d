import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from './open-database';

describe('openSqliteDatabase', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lifeline-sqlite-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a file in WAL mode with synchronous=NORMAL, a busy timeout and foreign keys on', () => {
    const db = openSqliteDatabase(join(dir, 'x.db'), { busyTimeoutMs: 1234 });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('opens an in-memory database', () => {
    const db = openSqliteDatabase(':memory:');
    try {
      expect(db.prepare('select 1 as one').get()).toEqual({ one: 1 });
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('names the problem when the directory does not exist', () => {
    expect(() => openSqliteDatabase(join(dir, 'missing', 'x.db'))).toThrow(/directory does not exist/);
  });
});
