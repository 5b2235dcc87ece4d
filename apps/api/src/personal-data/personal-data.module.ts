import { Module } from '@nestjs/common';
import { ExportPersonalDataHttpController } from './export-personal-data/export-personal-data.http.controller';

/** Data-subject rights: access and portability (erasure and consent are designed in docs/security.md). */
@Module({ controllers: [ExportPersonalDataHttpController] })
export class PersonalDataModule {}
