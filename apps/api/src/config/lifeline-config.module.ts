import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { LifelineConfig } from '@lifeline/config';

export const LIFELINE_CONFIG = Symbol('LIFELINE_CONFIG');

/** The validated configuration, injectable everywhere as LIFELINE_CONFIG. */
@Global()
@Module({})
export class LifelineConfigModule {
  static forRoot(config: LifelineConfig): DynamicModule {
    return {
      module: LifelineConfigModule,
      providers: [{ provide: LIFELINE_CONFIG, useValue: config }],
      exports: [LIFELINE_CONFIG],
    };
  }
}
