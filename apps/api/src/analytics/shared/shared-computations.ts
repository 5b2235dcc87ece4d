import { Injectable } from '@nestjs/common';

/**
 * Identical analytics questions asked while one is being answered share that answer: five
 * dashboards asking for the weekly churn report at once cost one computation, not five.
 * Nothing is kept once the answer is out (AnalyticsSource caches the data, not the answers).
 */
@Injectable()
export class SharedComputations {
  private readonly running = new Map<string, Promise<unknown>>();

  /** `question` names the query and its parameters, e.g. `churn:{"granularity":"week",…}`. */
  share<T>(question: string, compute: () => Promise<T>): Promise<T> {
    const running = this.running.get(question);
    if (running) return running as Promise<T>;
    const answer = compute().finally(() => this.running.delete(question));
    this.running.set(question, answer);
    return answer;
  }

  /** Questions being answered right now (for tests and diagnostics). */
  get inFlight(): number {
    return this.running.size;
  }
}

/** The key of a query object: its class and its fields. */
export function questionOf(query: object): string {
  return `${query.constructor.name}:${JSON.stringify(query)}`;
}
