import type { LifelineConfig } from '@lifeline/config';
import pino, { type Logger } from 'pino';

/** The process's pino logger (JSON lines on stdout), injectable as LOGGER. */
export const LOGGER = Symbol('LOGGER');

export function createLogger(config: Pick<LifelineConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'lifeline-api' },
    // ISO time reads in any log viewer without conversion.
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
