import type { SerialisedBatch } from './serialised-batch';

export interface BackgroundWriterData {
  readonly filename: string;
}

export interface CommitRequest {
  readonly id: number;
  readonly collection: string;
  readonly batch: SerialisedBatch;
}

/** Sent after the last batch: the thread closes its connection and ends. */
export interface CloseRequest {
  readonly close: true;
}

/** An error as it crosses the thread boundary; the caller rebuilds the port's error classes from it. */
export interface FailedCommit {
  readonly name: string;
  readonly message: string;
  readonly collection?: string;
  readonly version?: number;
  readonly expected?: number;
  readonly actual?: number | 'version_gone';
}

export interface CommitReply {
  readonly id: number;
  readonly error?: FailedCommit;
}
