import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { LIFELINE_RUNTIME, type LifelineRuntime } from '@lifeline/composition';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { lagCounter, readProjectionFailures } from '@lifeline/projections/runtime';
import { ListProjectionsQuery } from './list-projections.query';
import type { ProjectionStatusView, ProjectionsView } from './projection-status.dto';

@QueryHandler(ListProjectionsQuery)
export class ListProjectionsHandler implements IQueryHandler<ListProjectionsQuery> {
  constructor(@Inject(LIFELINE_RUNTIME) private readonly runtime: LifelineRuntime) {}

  async execute(): Promise<ProjectionsView> {
    const projectorInProcess = this.runtime.projectorRunning;
    const projections = projectorInProcess ? await this.runtime.projector.status() : await this.fromStoredCheckpoints();
    return { projectorInProcess, projections };
  }

  /**
   * The projector runs elsewhere, so this process's Projector knows nothing: the stored
   * checkpoints (written with the documents) and the event store's head tell the lag.
   */
  private async fromStoredCheckpoints(): Promise<ProjectionStatusView[]> {
    const { eventStore, readStore } = this.runtime;
    const [headPosition, checkpoints, failures] = await Promise.all([eventStore.headPosition(), readStore.listCheckpoints(), readProjectionFailures(readStore)]);
    const lagAt = lagCounter(eventStore, headPosition);
    return Promise.all(
      ALL_PROJECTIONS.map(async ({ name, version }) => {
        const live = checkpoints.find((checkpoint) => checkpoint.collection === name && checkpoint.live);
        const checkpoint = live?.position ?? 0;
        const lag = await lagAt(checkpoint);
        const failure = failures.get(name);
        const state = failure ? ('failed' as const) : ('external' as const);
        return { name, version, storeVersion: live?.version ?? 0, checkpoint, headPosition, lag: lag.events, lagSeconds: lag.seconds, state, ...(failure && { lastError: failure.reason }) };
      }),
    );
  }
}
