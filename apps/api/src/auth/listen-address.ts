import { ConfigError, isLoopbackHost, type LifelineConfig } from '@lifeline/config';

export interface ListenAddress {
  readonly host: string;
  /** What to tell the person at the terminal, when there is something to tell. */
  readonly notice?: string;
}

/**
 * Protected mode (as Redis has it): with no API key and no token issuer, anyone who reaches
 * the port is trusted, so the port must be reachable from this machine only. Serving on any
 * other address needs authentication configured first; otherwise start-up stops here.
 */
export function listenAddress(config: LifelineConfig, protectedMode: boolean): ListenAddress {
  const { host } = config.security;
  if (!protectedMode) return { host };
  if (!isLoopbackHost(host)) {
    throw new ConfigError(
      `LIFELINE_HOST=${host} serves other machines, which needs authentication: create a key first (lifeline keys create --role admin) or set LIFELINE_JWT_ISSUER`,
    );
  }
  return {
    host,
    notice: `protected mode: no API key and no token issuer configured, so only this machine (${host}) can connect and is trusted; create a key (lifeline keys create --role admin) to require authentication`,
  };
}
