import { Inject, Injectable } from '@nestjs/common';
import { LIFELINE_RUNTIME, type LifelineRuntime } from '@lifeline/composition';
import { lagBehind, lagCounter, readProjectionFailures, type ProjectionState } from '@lifeline/projections/runtime';
import { UnknownCollectionError } from '@lifeline/read-store/port';

export interface ProjectionLag {
  readonly name: string;
  readonly checkpoint: number;
  readonly headPosition: number;
  /** Customer events not applied yet, counted (at most LAG_COUNT_LIMIT, meaning "at least"). */
  readonly lagEvents: number;
  /** Age of the oldest event not yet applied; 0 when caught up. */
  readonly lagSeconds: number;
  /** `external`: another process (apps/projector) runs it; only its stored checkpoint is known here. */
  readonly state: ProjectionState | 'external';
  readonly lastError?: string;
}

/**
 * How far behind the log each read model is, for readiness and the lag gauges. With the
 * projector in this process its own status answers; otherwise the stored checkpoints do.
 */
@Injectable()
export class ProjectionLagReader {
  constructor(@Inject(LIFELINE_RUNTIME) private readonly runtime: LifelineRuntime) {}

  async read(): Promise<ProjectionLag[]> {
    const statuses = await this.runtime.projector.status();
    if (this.runtime.projectorRunning) {
      return statuses.map(({ name, checkpoint, headPosition, lag, lagSeconds, state, lastError }) => ({
        name,
        checkpoint,
        headPosition,
        lagEvents: lag,
        lagSeconds,
        state,
        ...(lastError !== undefined && { lastError }),
      }));
    }
    const headPosition = await this.runtime.eventStore.headPosition();
    const lagAt = lagCounter(this.runtime.eventStore, headPosition);
    // The projector process stores its failures; they count here as if it ran in this process.
    const failures = await readProjectionFailures(this.runtime.readStore);
    return Promise.all(
      statuses.map(async ({ name }) => {
        const checkpoint = await this.storedCheckpoint(name);
        const lag = await lagAt(checkpoint);
        const failure = failures.get(name);
        const state = failure ? ('failed' as const) : ('external' as const);
        return { name, checkpoint, headPosition, lagEvents: lag.events, lagSeconds: lag.seconds, state, ...(failure && { lastError: failure.reason }) };
      }),
    );
  }

  /** Customer events after `checkpoint` (counted, not subtracted: positions need not be event counts), and how long the oldest has waited. */
  async lagBehind(checkpoint: number, headPosition: number): Promise<{ lagEvents: number; lagSeconds: number }> {
    const lag = await lagBehind(this.runtime.eventStore, checkpoint, headPosition);
    return { lagEvents: lag.events, lagSeconds: lag.seconds };
  }

  private async storedCheckpoint(name: string): Promise<number> {
    try {
      return (await this.runtime.readStore.getCheckpoint(name)).position;
    } catch (error) {
      if (error instanceof UnknownCollectionError) return 0; // the projector never ran on this store
      throw error;
    }
  }
}
