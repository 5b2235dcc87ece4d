/**
 * A read model as the analytics workers receive it: the documents of each scanned page as one
 * UTF-8 JSON array in a SharedArrayBuffer. Posting it to a worker copies nothing (the memory is
 * shared), the request thread never serializes the whole collection at once (one page per turn
 * of the event loop, while scanning), and each worker parses it once per version (`key`).
 */
export interface EncodedDataset {
  /** Collection and read-model version (checkpoint); equal keys hold equal documents. */
  readonly key: string;
  readonly count: number;
  readonly chunks: readonly Uint8Array[];
}

/** One page as a shared chunk. */
export function encodeChunk(items: readonly unknown[]): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(items), 'utf8');
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

export function decodeDataset<T>(dataset: EncodedDataset): T[] {
  const items: T[] = [];
  for (const chunk of dataset.chunks) {
    for (const item of JSON.parse(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8')) as T[]) items.push(item);
  }
  return items;
}

export const EMPTY_DATASET = (key: string): EncodedDataset => ({ key, count: 0, chunks: [] });
