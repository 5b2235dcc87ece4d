import type { LifelineConfig } from '@lifeline/config';
import type { ProjectionProgress } from '@lifeline/projections/runtime';

/** What the API hands its projector thread: the configuration, to open its own connections. */
export interface ProjectorWorkerData {
  readonly config: LifelineConfig;
}

export type ToProjectorWorker = { readonly type: 'appended' } | { readonly type: 'stop' };

export type FromProjectorWorker =
  | { readonly type: 'started'; readonly progress: ProjectionProgress[] }
  /** After commits and failures: each projection's place, and the events each folded since the last message. */
  | { readonly type: 'progress'; readonly progress: ProjectionProgress[]; readonly projected: Record<string, number> }
  | { readonly type: 'start-failed'; readonly message: string }
  | { readonly type: 'stopped' };
