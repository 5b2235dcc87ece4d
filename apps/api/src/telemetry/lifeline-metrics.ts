import type { DocumentProjection } from '@lifeline/projections/runtime';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** How a command request ended, as counted in lifeline_commands_total. */
export type CommandOutcome = 'ok' | 'replayed' | 'invalid' | 'not_found' | 'rule_violation' | 'conflict' | 'error';

/**
 * The API's Prometheus metrics, in a registry of their own: several apps in one process
 * (tests) each count their own, and nothing collides in prom-client's global registry.
 * Lag gauges are read from the projector on scrape (ProjectionLagMetrics).
 */
export class LifelineMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'lifeline_commands_total',
    help: 'Command requests by command and outcome (ok, replayed, invalid, not_found, rule_violation, conflict, error)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'lifeline_append_duration_seconds',
    help: 'Time to append a command’s events to the event store (including appends refused by a concurrent write)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly eventsProjected = new Counter({
    name: 'lifeline_events_projected_total',
    help: 'Events handed to each projection by this process (a batch retried after a failure counts again)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The same projection, counting every event it folds into lifeline_events_projected_total. */
  counting<Doc extends object>(projection: DocumentProjection<Doc>): DocumentProjection<Doc> {
    const counter = this.eventsProjected.labels(projection.name);
    counter.inc(0); // present from the first scrape, before any event
    return {
      name: projection.name,
      version: projection.version,
      indexes: projection.indexes,
      keysOf: (event) => {
        counter.inc();
        return projection.keysOf(event);
      },
      evolve: (doc, event, key) => projection.evolve(doc, event, key),
    };
  }
}
