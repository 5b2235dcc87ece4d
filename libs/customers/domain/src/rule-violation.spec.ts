import { isRuleViolation, RuleViolation } from './rule-violation';

describe('rule violations', () => {
  it('are recognised as such, and nothing else is', () => {
    expect(isRuleViolation(new RuleViolation('customer_not_found', 'no such customer'))).toBe(true);
    expect(isRuleViolation({ rule: 'customer_not_found', message: 'look-alike', kind: 'not_found' })).toBe(false);
    expect(isRuleViolation(undefined)).toBe(false);
  });
});
