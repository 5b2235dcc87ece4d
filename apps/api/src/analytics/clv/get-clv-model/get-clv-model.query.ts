import { Query } from '@nestjs/cqrs';
import type { ClvModel } from '../clv-model';

export class GetClvModelQuery extends Query<ClvModel> {}
