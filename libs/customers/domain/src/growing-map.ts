/**
 * An immutable map that grows by one entry per event in O(1), so folding a stream of n events
 * costs O(n) instead of the O(n²) of copying a record on every event.
 *
 * Every GrowingMap is a view of the first `length` writes of a shared, append-only journal.
 * `set` on the newest view appends to the journal and returns a view one write longer: the
 * older view still sees only its own writes, so nothing observable ever changes. `set` on an
 * older view (a branch: two different events folded onto the same state) copies the older
 * view's part of the journal first — O(n), but folds never branch, only tests and "what if"
 * deciding do.
 */
export class GrowingMap<K, V extends NonNullable<unknown>> {
  private constructor(
    private readonly journal: Journal<K, V>,
    /** How many of the journal's writes this view sees. */
    private readonly length: number,
    /** Distinct keys among them. */
    readonly size: number,
  ) {}

  static empty<K, V extends NonNullable<unknown>>(): GrowingMap<K, V> {
    return new GrowingMap<K, V>(new Journal<K, V>(), 0, 0);
  }

  static of<K, V extends NonNullable<unknown>>(entries: Iterable<readonly [K, V]>): GrowingMap<K, V> {
    let map = GrowingMap.empty<K, V>();
    for (const [key, value] of entries) map = map.set(key, value);
    return map;
  }

  get(key: K): V | undefined {
    const at = this.journal.lastWriteBefore(key, this.length);
    return at < 0 ? undefined : this.journal.values[at];
  }

  has(key: K): boolean {
    return this.journal.lastWriteBefore(key, this.length) >= 0;
  }

  set(key: K, value: V): GrowingMap<K, V> {
    const isNew = !this.has(key);
    const journal = this.length === this.journal.keys.length ? this.journal : this.journal.prefix(this.length);
    journal.append(key, value);
    return new GrowingMap(journal, this.length + 1, isNew ? this.size + 1 : this.size);
  }

  /** The current entries, in order of first insertion. */
  *entries(): IterableIterator<[K, V]> {
    const seen = new Set<K>();
    for (let at = 0; at < this.length; at++) {
      const key = this.journal.keys[at]!;
      if (seen.has(key)) continue;
      seen.add(key);
      yield [key, this.get(key)!];
    }
  }

  toJSON(): Array<[K, V]> {
    return [...this.entries()];
  }
}

/**
 * The shared write log behind GrowingMap views: write i set keys[i] to values[i]. Mutable, but
 * only ever appended to, by the view at its end. No object per write: the writes of one key
 * are chained through `previous` from the newest one in `latest`.
 */
class Journal<K, V> {
  readonly keys: K[] = [];
  readonly values: V[] = [];
  private readonly previous: number[] = [];
  private readonly latest = new Map<K, number>();

  append(key: K, value: V): void {
    this.previous.push(this.latest.get(key) ?? -1);
    this.latest.set(key, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
  }

  /** The newest write of `key` among the first `length` writes, or -1. Writes of one key are few (a complaint: filed, resolved). */
  lastWriteBefore(key: K, length: number): number {
    let at = this.latest.get(key) ?? -1;
    while (at >= length) at = this.previous[at]!;
    return at;
  }

  /** A new journal holding only the first `length` writes. */
  prefix(length: number): Journal<K, V> {
    const copy = new Journal<K, V>();
    for (let at = 0; at < length; at++) copy.append(this.keys[at]!, this.values[at]!);
    return copy;
  }
}
