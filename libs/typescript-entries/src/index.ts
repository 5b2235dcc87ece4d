import { join } from 'node:path';

/**
 * The script that runs a TypeScript entry in a worker thread (`workerData.entry`) or a child
 * process (first argument), for code started from its sources under jest. Meaningful only
 * there: from sources this file's folder holds the script; a build has no use for it.
 */
export const RUN_TYPESCRIPT_ENTRY = join(__dirname, 'run-typescript-entry.js');
