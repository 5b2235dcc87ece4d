import { Command } from '@nestjs/cqrs';
import type { ClvModel, ClvModelRequest } from '../clv-model';

export class FitClvModelCommand extends Command<ClvModel> {
  constructor(readonly request: ClvModelRequest) {
    super();
  }
}
