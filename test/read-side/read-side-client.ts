import type { RunningApi } from '../support/api-harness';

export const PROBLEM_JSON = /^application\/problem\+json/;

/** Posts a command and answers its global position (what a client passes as minPosition). */
export async function write(api: RunningApi, path: string, body: object): Promise<number> {
  const response = await api.http().post(path).send(body).expect(201);
  return response.body.position as number;
}

/** Follows nextCursor from the first page to the last; answers every page's items. */
export async function allPages<T>(api: RunningApi, path: string, query: Record<string, string | number>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const response = await api
      .http()
      .get(path)
      .query({ ...query, ...(cursor !== null && { cursor }) })
      .expect(200);
    pages.push(response.body.items as T[]);
    cursor = response.body.nextCursor as string | null;
    if (pages.length > 1000) throw new Error(`${path}: more than 1000 pages, the cursor does not advance`);
  } while (cursor !== null);
  return pages;
}
