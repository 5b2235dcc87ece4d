import { ApiError } from '../api/client';

export const NO_CUSTOMERS = 'No customers yet. Record some with POST /customers, import a CSV (lifeline import), or start on an empty data folder to get the demo history.';

/** What a panel says when its request failed: the API's problem detail, or what went wrong. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** Says which population a figure covers. */
export function filterNote(filter: { readonly segment?: string | null; readonly channel?: string | null }): string {
  const parts = [filter.segment ? `segment ${filter.segment}` : '', filter.channel ? `channel ${filter.channel}` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'all customers';
}
