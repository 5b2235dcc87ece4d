import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { API_KEY_STORE, type ApiKeyStore } from '@lifeline/auth/port';
import { openApiKeyStore } from '@lifeline/auth/composition';
import { JwtVerifier } from '@lifeline/auth/jwt';
import type { LifelineConfig } from '@lifeline/config';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';
import { SlidingWindowThrottlerStorage } from './sliding-window-throttler-storage';

/**
 * Authentication (API keys, OIDC/JWT), authorization by role (one global guard reading each
 * route's @Access) and rate limits per caller. Guards run in the order registered: who, then how often.
 */
@Global()
@Module({})
export class AuthModule implements OnApplicationShutdown {
  constructor(@Inject(API_KEY_STORE) private readonly keys: ApiKeyStore) {}

  static forRoot(config: LifelineConfig): DynamicModule {
    const { jwt, rateLimitPerMinute } = config.security;
    return {
      module: AuthModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(rateLimitPerMinute, 1) }],
          skipIf: () => rateLimitPerMinute === 0,
          storage: new SlidingWindowThrottlerStorage(),
        }),
      ],
      providers: [
        { provide: API_KEY_STORE, useFactory: () => openApiKeyStore(config) },
        {
          provide: Authenticator,
          useFactory: (keys: ApiKeyStore) => Authenticator.create(keys, jwt === undefined ? undefined : new JwtVerifier(jwt)),
          inject: [API_KEY_STORE],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
      ],
      exports: [API_KEY_STORE, Authenticator],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}
