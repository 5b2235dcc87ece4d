import type { Decider } from '../decider';
import { RuleViolation, type RuleName } from '../rule-violation';

/**
 * Given/when/then for deciders, after emmett's DeciderSpecification:
 *   spec.given([...events]).when(command).then([...events])
 *   spec.given([...events]).when(command).thenViolates('rule_name')
 */
export function deciderSpecification<Command, Event, State>(
  decider: Decider<Command, Event, State, readonly Event[] | RuleViolation>,
) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command) {
          const decide = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: readonly Event[]) {
              const result = decide();
              if (result instanceof RuleViolation) {
                throw new Error(`expected events, but the command violated ${result.rule}: ${result.message}`);
              }
              // Strict: an optional field the caller left out is absent from the event, not `undefined`.
              expect(result).toStrictEqual(expected);
            },
            thenViolates(rule: RuleName) {
              const result = decide();
              if (!(result instanceof RuleViolation)) {
                throw new Error(`expected a violation of ${rule}, but got events ${JSON.stringify(result)}`);
              }
              expect(result.rule).toBe(rule);
              expect(result.message.length).toBeGreaterThan(0);
              return result;
            },
          };
        },
      };
    },
  };
}
