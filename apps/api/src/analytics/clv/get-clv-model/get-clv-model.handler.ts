import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ProblemError } from '../../../http/problem-details';
import type { ClvModel } from '../clv-model';
import { ClvStore } from '../clv-store';
import { GetClvModelQuery } from './get-clv-model.query';

@QueryHandler(GetClvModelQuery)
export class GetClvModelHandler implements IQueryHandler<GetClvModelQuery> {
  constructor(private readonly store: ClvStore) {}

  async execute(): Promise<ClvModel> {
    const model = await this.store.latestModel();
    if (model === undefined) {
      throw new ProblemError({ type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'no lifetime-value model has been fitted yet; POST /analytics/clv/model fits one' });
    }
    return model;
  }
}
