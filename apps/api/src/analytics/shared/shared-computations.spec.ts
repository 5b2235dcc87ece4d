import { questionOf, SharedComputations } from './shared-computations';

class ChurnQuestion {
  constructor(readonly filter: { granularity: string }) {}
}

describe('SharedComputations', () => {
  it('answers identical questions asked while one runs with that one computation', async () => {
    const shared = new SharedComputations();
    let computations = 0;
    let finish!: (value: string) => void;
    const compute = () => {
      computations++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const question = questionOf(new ChurnQuestion({ granularity: 'week' }));
    const answers = [shared.share(question, compute), shared.share(question, compute), shared.share(question, compute)];
    expect(shared.inFlight).toBe(1);
    finish('report');
    expect(await Promise.all(answers)).toEqual(['report', 'report', 'report']);
    expect(computations).toBe(1);
    expect(shared.inFlight).toBe(0);
  });

  it('computes other questions, and the same question asked later, afresh', async () => {
    const shared = new SharedComputations();
    let computations = 0;
    const compute = async () => ++computations;
    await Promise.all([shared.share(questionOf(new ChurnQuestion({ granularity: 'week' })), compute), shared.share(questionOf(new ChurnQuestion({ granularity: 'month' })), compute)]);
    expect(computations).toBe(2);
    await shared.share(questionOf(new ChurnQuestion({ granularity: 'week' })), compute);
    expect(computations).toBe(3);
  });

  it('lets a failure reach every waiter once, then forgets it', async () => {
    const shared = new SharedComputations();
    const failing = () => Promise.reject(new Error('store closed'));
    await expect(Promise.all([shared.share('q', failing), shared.share('q', failing)])).rejects.toThrow('store closed');
    await expect(shared.share('q', async () => 'ok')).resolves.toBe('ok');
  });
});
