import type { PackedAppends } from './sqlite-event-writer';

/** What the bulk writer thread is started with. */
export interface BulkWriterData {
  readonly filename: string;
  /** The bulk load's page cache (KiB) and WAL checkpoint threshold (pages), for the writer's connection. */
  readonly cacheKib: number;
  readonly checkpointPages: number;
}

export type ToBulkWriter = { readonly type: 'append'; readonly id: number; readonly appends: PackedAppends } | { readonly type: 'close' };

/** An error as it crosses back: enough to rebuild the port's errors on the other side. */
export interface WriterErrorMessage {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly streamId?: string;
  readonly expected?: number | string;
  readonly actual?: number | string;
}

export type FromBulkWriter =
  /** Per append: next expected revision, position, 1 if written (0 for a retry of a stored append). */
  | { readonly type: 'appended'; readonly id: number; readonly outcomes: number[] }
  | { readonly type: 'failed'; readonly id: number; readonly error: WriterErrorMessage }
  | { readonly type: 'closed' };
