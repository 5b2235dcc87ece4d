/** What a CLI command runs with: where to write, and the signal that says "stop" (Ctrl-C). */
export interface CliContext {
  /** Results and data (export NDJSON). */
  readonly stdout: NodeJS.WritableStream;
  /** Progress and errors. */
  readonly stderr: NodeJS.WritableStream;
  /** Draw progress bars (a terminal) or write plain progress lines (logs, pipes, tests). */
  readonly interactive: boolean;
  readonly signal: AbortSignal;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes the runbook documents; scripts rely on them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** Import finished, but some rows were rejected (listed on stderr). */
  rowsRejected: 3,
  /** Stopped by Ctrl-C after a clean cut; running the same command again continues. */
  interrupted: 130,
} as const;

/** An error whose message is the whole story for the operator (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
