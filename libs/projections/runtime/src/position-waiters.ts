interface PositionWaiter {
  readonly position: number;
  readonly resolve: (reached: boolean) => void;
}

/**
 * Read-your-writes waits on a projector (in this thread or another): each resolves true once
 * `verdict` says its position was reached, false on timeout or once `verdict` says it never will.
 * The owner calls `settle()` after every step of progress.
 */
export class PositionWaiters {
  private readonly waiters = new Set<PositionWaiter>();

  /** `verdict(position)`: true reached, false never (a projection failed), undefined not yet. */
  constructor(private readonly verdict: (position: number) => boolean | undefined) {}

  wait(position: number, timeoutMs: number): Promise<boolean> {
    const verdict = this.verdict(position);
    if (verdict !== undefined) return Promise.resolve(verdict);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: PositionWaiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      this.waiters.add(waiter);
    });
  }

  settle(): void {
    for (const waiter of [...this.waiters]) {
      const verdict = this.verdict(waiter.position);
      if (verdict !== undefined) waiter.resolve(verdict);
    }
  }
}
