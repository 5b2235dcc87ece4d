import { ReadStoreQueryError } from '@lifeline/read-store/port';
import { RequestValidationError } from '../../../http/problem-details';

/**
 * Runs a page query; the store's refusal there can only be about the client's cursor (the
 * filters and sorts the API builds are whitelisted), so it becomes a 400 on `cursor`.
 */
export async function withCursorChecked<T>(find: () => Promise<T>): Promise<T> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof ReadStoreQueryError) throw new RequestValidationError([{ field: 'cursor', message: error.message }]);
    throw error;
  }
}
