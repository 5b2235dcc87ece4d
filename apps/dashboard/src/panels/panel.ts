import type { Api, QueryOf } from '../api/client';

export type Channel = NonNullable<QueryOf<'/analytics/retention'>['channel']>;

/** The header's population filter, as the analytics endpoints take it. */
export interface PopulationFilter {
  readonly segment?: string;
  readonly channel?: Channel;
}

/** What a panel has while the page lives. */
export interface DashboardContext {
  /** The API, request by request (for a panel's own reloads, timers and look-ups). */
  readonly api: Api;
  /** The filter as the header shows it now. */
  currentFilter(): PopulationFilter;
}

/** What one load of the page (start, Refresh, a filter change) hands every panel it reloads. */
export interface LoadContext {
  /** Shares identical requests between the panels of this load. */
  readonly api: Api;
  readonly filter: PopulationFilter;
}

/**
 * One panel of the dashboard. The page mounts every registered panel once, in registry order,
 * then loads them: all on start and on Refresh, those that follow the filter also when the
 * segment or channel changes. A panel shows its own loading, empty and error states
 * (ui/dom.ts setStatus), so one failing endpoint never blanks the others.
 */
export interface Panel {
  /** The id of its section (also how tests and links find it). */
  readonly id: string;
  /** Spans both columns of the grid. */
  readonly wide?: boolean;
  /** Reloads when the segment or channel filter changes. */
  readonly followsFilter: boolean;
  /** Builds the panel's section once, wiring its own controls. */
  mount(context: DashboardContext): HTMLElement;
  /** Fetches and draws; resolves when the panel shows its data, emptiness or error (never rejects). */
  load(context: LoadContext): Promise<void>;
}
