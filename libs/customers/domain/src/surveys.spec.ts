import type { CustomerCommand } from './commands';
import { customerDecider } from './decider';
import type { CustomerEvent } from './events';
import { deciderSpecification } from './testing/decider-specification';

const spec = deciderSpecification(customerDecider({ currency: 'EUR' }));
const NOW = '2025-06-01T12:00:00.000Z';
const AT = '2025-05-01T12:00:00.000Z';
const acquired: CustomerEvent = {
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2025-01-10T09:00:00.000Z',
  data: { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web', keyAccount: false },
};
const answer = (payload: object, occurredAt = AT): CustomerCommand =>
  ({ type: 'RecordSurveyAnswer', customerId: 'c-1', issuedAt: NOW, occurredAt, payload: { surveyId: 's-1', kind: 'nps', score: 9, ...payload } }) as CustomerCommand;
const answered = (data: object): CustomerEvent =>
  ({ type: 'SurveyAnswered', schemaVersion: 1, occurredAt: AT, data: { customerId: 'c-1', surveyId: 's-1', kind: 'nps', score: 9, ...data } }) as CustomerEvent;

describe('RecordSurveyAnswer', () => {
  it('records an answer with its optional comment and touchpoint', () => {
    spec.given([acquired]).when(answer({ comment: 'quick help', touchpoint: 'support' })).then([answered({ comment: 'quick help', touchpoint: 'support' })]);
    spec.given([acquired]).when(answer({})).then([answered({})]);
  });
  it.each([
    ['nps', 0, true],
    ['nps', 10, true],
    ['nps', 11, false],
    ['nps', -1, false],
    ['csat', 1, true],
    ['csat', 5, true],
    ['csat', 0, false],
    ['csat', 6, false],
    ['ces', 7, true],
    ['ces', 8, false],
    ['nps', 7.5, false],
  ])('a %s score of %p is accepted: %p', (kind, score, ok) => {
    const then = spec.given([acquired]).when(answer({ kind, score }));
    if (ok) then.then([answered({ kind, score })]);
    else expect(then.thenViolates('score_out_of_range').kind).toBe('unprocessable');
  });
  it('an unknown survey kind is refused as unprocessable, naming the kind (not a crash)', () => {
    const refused = spec.given([acquired]).when(answer({ kind: 'promoter' })).thenViolates('score_out_of_range');
    expect(refused.kind).toBe('unprocessable');
    expect(refused.message).toBe('unknown survey kind promoter');
  });
  it('a customer answers a survey once', () => void spec.given([acquired, answered({})]).when(answer({ score: 3 })).thenViolates('survey_already_answered'));
  it('needs an existing customer', () => void spec.given([]).when(answer({})).thenViolates('customer_not_found'));
  it('not before the acquisition', () => void spec.given([acquired]).when(answer({}, '2024-12-31T00:00:00.000Z')).thenViolates('occurred_before_acquisition'));
});
