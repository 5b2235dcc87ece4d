import type { Api } from './api/client';
import type { Channel, PopulationFilter } from './panels/panel';
import { byId, el } from './ui/dom';

/** The acquisition channels the API accepts, in the order the filter lists them. */
export const CHANNELS = ['web', 'referral', 'sales', 'partner', 'social', 'event', 'other'] as const satisfies readonly Channel[];
// The list above must name every channel of the OpenAPI document: this line stops compiling when one is missing.
const everyChannelListed: [Exclude<Channel, (typeof CHANNELS)[number]>] extends [never] ? true : false = true;
void everyChannelListed;

/** "(none)" is how the API labels customers without a segment; there is no filtering on it by name. */
const NO_SEGMENT = '(none)';

export function currentFilter(): PopulationFilter {
  const segment = byId<HTMLSelectElement>('filter-segment').value;
  const channel = byId<HTMLSelectElement>('filter-channel').value as Channel | '';
  return { ...(segment && { segment }), ...(channel && { channel }) };
}

export function fillChannelFilter(): void {
  byId('filter-channel').append(...CHANNELS.map((channel) => el('option', { value: channel, text: channel })));
}

/** The segments that exist, from the revenue per segment (keeps the current choice). */
export async function fillSegmentFilter(api: Api): Promise<void> {
  const select = byId<HTMLSelectElement>('filter-segment');
  try {
    const revenue = await api.get('/analytics/revenue', { query: { granularity: 'month', by: 'segment' } });
    const chosen = select.value;
    const segments = revenue.groups.map((g) => g.group).filter((g) => g !== NO_SEGMENT);
    select.replaceChildren(el('option', { value: '', text: 'all segments' }), ...segments.map((s) => el('option', { value: s, text: s })));
    select.value = chosen;
  } catch {
    // The revenue panel shows why; the filter keeps the segments it had.
  }
}
