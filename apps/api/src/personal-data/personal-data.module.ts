import { Module } from '@nestjs/common';
import { CustomerCommandsModule } from '../customers/commands/customer-commands.module';
import { EraseCustomerHttpController } from './erase-customer/erase-customer.http.controller';
import { ExportPersonalDataHttpController } from './export-personal-data/export-personal-data.http.controller';

/** Data-subject rights: access and portability, erasure (docs/security.md). */
@Module({ imports: [CustomerCommandsModule], controllers: [ExportPersonalDataHttpController, EraseCustomerHttpController] })
export class PersonalDataModule {}
