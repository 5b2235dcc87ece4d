import type { SerialisedBatch } from './serialised-batch';

export interface BackgroundWriterData {
  readonly filename: string;
}

/**
 * A serialised batch with its documents' JSON packed as UTF-8 in one transferred buffer (`ends`:
 * where each one ends): nothing is copied on the way, and the thread decodes one document at a
 * time, so a batch never sits in its heap as strings (they would outlive the young generation
 * and wait for a full collection).
 */
export interface CommitRequest {
  readonly id: number;
  readonly collection: string;
  readonly batch: Omit<SerialisedBatch, 'docs'>;
  readonly docs: ArrayBuffer;
  readonly ends: Uint32Array;
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
