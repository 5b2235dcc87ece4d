import { Module } from '@nestjs/common';

/** GET /projections: each read model's checkpoint, head and lag. */
@Module({})
export class ProjectionsModule {}
