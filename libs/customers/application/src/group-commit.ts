import type { AppendResult, BatchAppendingEventStore, ExpectedRevision, EventToAppend, StreamAppend } from '@lifeline/event-store/port';

interface Pending {
  readonly append: StreamAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: the appends of concurrent commands that reach the store in one turn of the
 * event loop are written in one transaction — one commit for all of them instead of one each
 * (on SQLite the commit is most of an append's cost). Each command keeps its own guarantees:
 * its events are all written or none, its expected revision is checked, and nobody is answered
 * before the commit. One command's refusal (a concurrent write, a conflicting event id) must
 * not refuse the others: when the shared transaction fails (it then wrote nothing), each append
 * is tried again on its own, in order, and answered with its own outcome.
 *
 * The caller must not have two appends to one stream waiting at once (the command service's
 * per-customer queue sees to it), or the second would be checked before the first is written.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;
  /** Transactions written and appends in them, for tests and metrics. */
  readonly stats = { commits: 0, appends: 0 };

  constructor(private readonly store: BatchAppendingEventStore) {}

  append(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ append: { streamId, events, expectedRevision }, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O callbacks of this turn: the commands whose requests arrived together are all here.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const group = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (group.length === 1) {
      await this.alone(group[0]!);
      return;
    }
    let results: AppendResult[];
    try {
      results = await this.store.appendToStreams(group.map((p) => p.append));
    } catch {
      // The transaction wrote nothing; each append on its own gets its own answer.
      for (const pending of group) await this.alone(pending);
      return;
    }
    this.stats.commits += 1;
    this.stats.appends += group.length;
    group.forEach((pending, index) => pending.resolve(results[index]!));
  }

  private async alone({ append, resolve, reject }: Pending): Promise<void> {
    try {
      const result = await this.store.appendToStream(append.streamId, append.events, { expectedRevision: append.expectedRevision });
      this.stats.commits += 1;
      this.stats.appends += 1;
      resolve(result);
    } catch (error) {
      reject(error);
    }
  }
}
