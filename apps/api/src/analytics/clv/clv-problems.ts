import { ProblemError } from '../../http/problem-details';

/** No model has been fitted yet: the resource exists, the precondition (POST /analytics/clv/model) does not. */
export const noClvModel = () =>
  new ProblemError({
    type: '/problems/clv-model-not-fitted',
    title: 'No lifetime-value model has been fitted yet',
    status: 409,
    detail: 'fit one first with POST /analytics/clv/model',
  });
