/** Calendar periods in UTC: months, and ISO weeks (Monday start, labelled by ISO week-year). */
export type Granularity = 'month' | 'week';

const MS_PER_DAY = 86_400_000;

export function periodStart(ms: number, granularity: Granularity): number {
  const date = new Date(ms);
  if (granularity === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const dayStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const daysSinceMonday = (date.getUTCDay() + 6) % 7;
  return dayStart - daysSinceMonday * MS_PER_DAY;
}

/** Start of the period k periods after the one starting at `start`. */
export function addPeriods(start: number, k: number, granularity: Granularity): number {
  if (granularity === 'week') return start + 7 * k * MS_PER_DAY;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + k, 1);
}

/** '2024-03' or '2024-W10' (ISO 8601: the week belongs to the year of its Thursday). */
export function periodLabel(start: number, granularity: Granularity): string {
  const date = new Date(start);
  if (granularity === 'month') return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  const thursday = new Date(start + 3 * MS_PER_DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * MS_PER_DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
