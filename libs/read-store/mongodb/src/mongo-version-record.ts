import { MongoServerError } from 'mongodb';

/** One version of one read model: its checkpoint, its indexes and whether reads are served from it. */
export interface VersionDocument {
  /** `<collection>__v<version>`, the name of its data collection too. */
  _id: string;
  collection: string;
  version: number;
  /** true: reads are served from it; false: a rebuild; 'retired': a swap in progress is replacing it. */
  live: boolean | 'retired';
  checkpoint: number;
  /** Index labels: fields comma-separated (`status`, `status,acquiredAt`). */
  indexes: string[];
  updatedAt: string;
}

/** Holds every read model's versions; the live flag is the pointer a swap moves. */
export const META_COLLECTION = 'lifeline_meta';

/** The server error codes the store acts on (the same on MongoDB and FerretDB). */
export const DUPLICATE_KEY = 11000;
export const NAMESPACE_EXISTS = 48;
export const NAMESPACE_NOT_FOUND = 26;

export const isServerError = (error: unknown, code: number): boolean => error instanceof MongoServerError && error.code === code;
