import { EXIT } from './cli-context';
import { runCli } from './program';

/** Ctrl-C once: stop after the current unit of work (resumable). Twice: quit now. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write('\nstopping after the current unit of work (customer, batch); Ctrl-C again to quit at once\n');
    controller.abort();
  });
  return controller.signal;
}

// `lifeline export | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stderr.isTTY === true,
  signal: interruptSignal(),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
