import { openByAgeStacks, rfmBars, satisfactionSeries } from '../src/transforms/care';

const figures = (nps: number | null, csat: number | null) => ({
  nps: { answers: 1, promoters: 0, passives: 0, detractors: 0, nps, lower95: null, upper95: null },
  csat: { answers: 1, satisfied: 0, csatPercent: csat },
  ces: { answers: 0, mean: null },
});

describe('customer-care transforms', () => {
  it('satisfaction: the last n periods, the running one marked, gaps kept as null', () => {
    const periods = [
      { period: '2025-01', complete: true, figures: figures(10, 80) },
      { period: '2025-02', complete: true, figures: figures(null, 75) },
      { period: '2025-03', complete: false, figures: figures(-5, null) },
    ];
    expect(satisfactionSeries(periods, 2)).toEqual({ labels: ['2025-02', '2025-03 (so far)'], nps: [null, -5], csat: [75, null] });
  });

  it('RFM: readable labels, customers and revenue share in percent', () => {
    expect(rfmBars([{ segment: 'at_risk', customers: 3, share: 0.75, revenueMinor: 10, revenueAmount: '0.10', revenueShare: 0.25 }, { segment: 'new', customers: 1, share: 0.25, revenueMinor: 0, revenueAmount: '0.00', revenueShare: null }])).toEqual({
      labels: ['at risk', 'new'],
      customers: [3, 1],
      revenuePercent: [25, 0],
    });
  });

  it('open complaints by age: one stack per severity, least severe first', () => {
    const levels = {
      openByAgeAndSeverity: { buckets: ['<1d', '1-3d'], bySeverity: { critical: [1, 0], low: [2, 5], medium: [0, 1], high: [0, 0] } },
      milestones: { acknowledgement: { due: 1, breached: 0, breachRate: 0 }, resolution: { due: 0, breached: 0, breachRate: null } },
    };
    expect(openByAgeStacks(levels)).toEqual({
      labels: ['<1d', '1-3d'],
      stacks: [
        { severity: 'low', counts: [2, 5] },
        { severity: 'medium', counts: [0, 1] },
        { severity: 'high', counts: [0, 0] },
        { severity: 'critical', counts: [1, 0] },
      ],
    });
  });
});
