import { z } from 'zod';
import { blankAsUndefined } from './environment-values';

/** Who may call the API, from where, and how often (docs/security.md). */
export interface SecurityConfig {
  /** Address the API listens on. Default loopback; any other address needs authentication configured. */
  readonly host: string;
  /** OIDC/JWT bearer tokens; absent when LIFELINE_JWT_ISSUER is unset. */
  readonly jwt?: JwtConfig;
  /** Browser origins allowed to call the API cross-origin; empty: CORS off. */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per caller; 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
}

export interface JwtConfig {
  readonly issuer: string;
  readonly audience: string;
  /** The issuer's key set; discovered from `<issuer>/.well-known/openid-configuration` when absent. */
  readonly jwksUrl?: string;
  /** Claim holding the caller's roles (dotted path, e.g. `realm_access.roles`). */
  readonly rolesClaim: string;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;

const httpUrl = (what: string) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .refine((value) => {
        try {
          return ['https:', 'http:'].includes(new URL(value).protocol);
        } catch {
          return false;
        }
      }, `must be an http(s) URL (${what})`)
      .optional(),
  );

/** The variables, merged into the one environment schema in config.ts. */
export const SECURITY_ENVIRONMENT = {
  LIFELINE_HOST: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or host name such as 127.0.0.1 or 0.0.0.0')
      .default(DEFAULT_HOST),
  ),
  LIFELINE_JWT_ISSUER: httpUrl('the token issuer, e.g. https://login.example.com/realms/acme'),
  LIFELINE_JWT_AUDIENCE: z.preprocess(blankAsUndefined, z.string().trim().optional()),
  LIFELINE_JWT_JWKS_URL: httpUrl('the issuer key set'),
  LIFELINE_JWT_ROLES_CLAIM: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/, 'must be a claim name or dotted path such as roles or realm_access.roles')
      .default('roles'),
  ),
  LIFELINE_CORS_ORIGINS: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .refine(
        (origins) => origins.split(',').every((origin) => /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin.trim())),
        'must be a comma-separated list of origins such as https://crm.example.com',
      )
      .optional(),
  ),
  LIFELINE_RATE_LIMIT_PER_MINUTE: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number from 0 (off) to 1000000')
      .transform(Number)
      .refine((value) => value <= 1_000_000, 'must be a whole number from 0 (off) to 1000000')
      .default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  ),
};

type SecurityEnvironment = z.output<z.ZodObject<typeof SECURITY_ENVIRONMENT>>;

/** Cross-variable rules: an issuer needs an audience (a token minted for another service must not pass). */
export function checkSecurityEnvironment(env: SecurityEnvironment, addIssue: (variable: string, message: string) => void): void {
  if (env.LIFELINE_JWT_ISSUER !== undefined && env.LIFELINE_JWT_AUDIENCE === undefined) addIssue('LIFELINE_JWT_AUDIENCE', 'is required when LIFELINE_JWT_ISSUER is set');
  if (env.LIFELINE_JWT_ISSUER === undefined && env.LIFELINE_JWT_JWKS_URL !== undefined) addIssue('LIFELINE_JWT_ISSUER', 'is required when LIFELINE_JWT_JWKS_URL is set');
}

export function securityConfigOf(env: SecurityEnvironment): SecurityConfig {
  return {
    host: env.LIFELINE_HOST,
    ...(env.LIFELINE_JWT_ISSUER !== undefined && {
      jwt: {
        issuer: env.LIFELINE_JWT_ISSUER,
        audience: env.LIFELINE_JWT_AUDIENCE!,
        ...(env.LIFELINE_JWT_JWKS_URL !== undefined && { jwksUrl: env.LIFELINE_JWT_JWKS_URL }),
        rolesClaim: env.LIFELINE_JWT_ROLES_CLAIM,
      },
    }),
    corsOrigins: env.LIFELINE_CORS_ORIGINS === undefined ? [] : env.LIFELINE_CORS_ORIGINS.split(',').map((origin) => origin.trim()),
    rateLimitPerMinute: env.LIFELINE_RATE_LIMIT_PER_MINUTE,
  };
}

/** Whether an address is this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
