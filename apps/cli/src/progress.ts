import { Presets, SingleBar } from 'cli-progress';
import type { CliContext } from './cli-context';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Where a resumed run starts: counts toward the bar, not toward the rate or ETA. */
  readonly start?: number;
  readonly now?: () => number;
}

/** Plain lines are written at most this often, so logs stay readable on long runs. */
const PLAIN_INTERVAL_MS = 5000;

const formatDuration = (seconds: number) => {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/**
 * Progress with rate and ETA on stderr: a bar on a terminal, otherwise a plain line every few
 * seconds and one at the end (for logs and pipes).
 */
export function startProgress(ctx: CliContext, label: string, total: number, unit: string, options: ProgressOptions = {}): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const start = options.start ?? 0;
  let current = start;
  let size = total;
  const rate = () => (current - start) / Math.max(0.001, (now() - started) / 1000);

  if (ctx.interactive) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
        stream: ctx.stderr as NodeJS.WriteStream,
        hideCursor: true,
        etaBuffer: 100,
      },
      Presets.shades_classic,
    );
    bar.start(total, start, { rate: '0' });
    return {
      update(done, newTotal) {
        current = done;
        if (newTotal !== undefined && newTotal !== size) bar.setTotal((size = newTotal));
        bar.update(done, { rate: rate().toFixed(0) });
      },
      stop: () => bar.stop(),
    };
  }

  let lastLine = started;
  const line = () => {
    const percent = size > 0 ? Math.floor((100 * current) / size) : 100;
    const eta = (size - current) / rate();
    ctx.stderr.write(`${label}: ${current}/${size} ${unit} (${percent}%), ${rate().toFixed(0)}/s, ETA ${formatDuration(eta)}\n`);
  };
  return {
    update(done, newTotal) {
      current = done;
      if (newTotal !== undefined) size = newTotal;
      if (now() - lastLine >= PLAIN_INTERVAL_MS) {
        lastLine = now();
        line();
      }
    },
    stop: line,
  };
}
