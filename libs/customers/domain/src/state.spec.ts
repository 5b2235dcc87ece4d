import { evolve, initialCustomerState } from './state';

describe('customer state', () => {
  it('an event of a type this build does not know leaves the state as it was', () => {
    const state = initialCustomerState();
    expect(evolve(state, { type: 'CustomerTeleported' } as never)).toBe(state);
  });
});
