import { Module } from '@nestjs/common';

/** Customer read-model queries: profile, list, timeline (read side). */
@Module({})
export class CustomerQueriesModule {}
