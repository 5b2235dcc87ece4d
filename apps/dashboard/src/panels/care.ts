/** Customer-care panels: complaint service levels, satisfaction over time, RFM segments. */
import type { ServiceLevels } from '../transforms/care';
import { openByAgeStacks, rfmBars, satisfactionSeries } from '../transforms/care';
import { clearChart, drawChart } from '../ui/charts';
import { COLOURS } from '../ui/colours';
import { byId, chartBox, panelSection, setStatus } from '../ui/dom';
import { fmtInt, fmtNum, fmtPct } from '../ui/format';
import { errorText } from './messages';
import type { Panel } from './panel';

const SLA_ID = 'panel-sla';
/** From calm to alarming, so the stack reads by severity. */
const SEVERITY_COLOURS: Readonly<Record<string, string>> = { low: '#93c5fd', medium: '#ca8a04', high: '#ea580c', critical: '#dc2626' };
const SLA_CANVAS = 'chart-sla';

/** Open complaints by age and severity, with the breach rate of each SLA milestone. */
export const complaintSlaPanel: Panel = {
  id: SLA_ID,
  followsFilter: false,
  mount: () => panelSection(SLA_ID, 'Complaint service levels', chartBox(SLA_CANVAS, 'Open complaints by age and severity')),
  async load({ api }) {
    const panel = byId(SLA_ID);
    setStatus(panel, 'loading', 'Loading…');
    try {
      const answer = await api.get('/analytics/complaints', { query: {} });
      const levels = (answer as unknown as { serviceLevels: ServiceLevels }).serviceLevels;
      const { acknowledgement, resolution } = levels.milestones;
      const stacks = openByAgeStacks(levels);
      setStatus(
        panel,
        '',
        `All customers. SLA breaches: acknowledgement ${fmtPct(acknowledgement.breachRate)} of ${fmtInt(acknowledgement.due)} due, ` +
          `resolution ${fmtPct(resolution.breachRate)} of ${fmtInt(resolution.due)} due. Open complaints by age since filing:`,
      );
      drawChart(SLA_CANVAS, {
        type: 'bar',
        data: { labels: stacks.labels, datasets: stacks.stacks.map((s) => ({ label: s.severity, data: s.counts, backgroundColor: SEVERITY_COLOURS[s.severity] ?? COLOURS.primary })) },
        options: { scales: { x: { stacked: true }, y: { stacked: true, min: 0, title: { display: true, text: 'open complaints' } } } },
      });
    } catch (error) {
      clearChart(SLA_CANVAS);
      setStatus(panel, 'error', errorText(error));
    }
  },
};

const SAT_ID = 'panel-satisfaction';
const SAT_CANVAS = 'chart-satisfaction';

/** NPS and CSAT per month (the last two years). */
export const satisfactionPanel: Panel = {
  id: SAT_ID,
  followsFilter: true,
  mount: () => panelSection(SAT_ID, 'Satisfaction', chartBox(SAT_CANVAS, 'NPS and CSAT per month')),
  async load({ api, filter }) {
    const panel = byId(SAT_ID);
    setStatus(panel, 'loading', 'Loading…');
    try {
      const answer = await api.get('/analytics/satisfaction', { query: { granularity: 'month', ...filter } });
      const { nps, csat, ces } = answer.overall;
      if (answer.periods.length === 0) {
        clearChart(SAT_CANVAS);
        setStatus(panel, 'empty', 'No survey answers yet (POST /customers/{id}/survey-responses).');
        return;
      }
      const series = satisfactionSeries(answer.periods, 24);
      setStatus(
        panel,
        '',
        `NPS ${fmtNum(nps.nps)} (95 % ${fmtNum(nps.lower95)} to ${fmtNum(nps.upper95)}, ${fmtInt(nps.answers)} answers) · CSAT ${fmtNum(csat.csatPercent)} % ` +
          `(${fmtInt(csat.answers)}, complaint resolutions included) · CES ${fmtNum(ces.mean)} of 7 (${fmtInt(ces.answers)})`,
      );
      drawChart(SAT_CANVAS, {
        type: 'line',
        data: {
          labels: series.labels,
          datasets: [
            { label: 'NPS (−100…100)', data: series.nps, borderColor: COLOURS.primary, backgroundColor: COLOURS.primary, spanGaps: true, yAxisID: 'y' },
            { label: 'CSAT (% 4–5)', data: series.csat, borderColor: COLOURS.clv, backgroundColor: COLOURS.clv, spanGaps: true, yAxisID: 'y' },
          ],
        },
        options: { scales: { y: { min: -100, max: 100, title: { display: true, text: 'NPS points / CSAT %' } } } },
      });
    } catch (error) {
      clearChart(SAT_CANVAS);
      setStatus(panel, 'error', errorText(error));
    }
  },
};

const RFM_ID = 'panel-rfm';
const RFM_CANVAS = 'chart-rfm';

/** RFM segment sizes and revenue shares. */
export const rfmPanel: Panel = {
  id: RFM_ID,
  followsFilter: false,
  mount: () => panelSection(RFM_ID, 'RFM segments', chartBox(RFM_CANVAS, 'Customers and revenue share per RFM segment')),
  async load({ api }) {
    const panel = byId(RFM_ID);
    setStatus(panel, 'loading', 'Loading…');
    try {
      const answer = await api.get('/analytics/rfm', { query: {} });
      if (answer.customers === 0) {
        clearChart(RFM_CANVAS);
        setStatus(panel, 'empty', 'No customer has bought yet.');
        return;
      }
      const bars = rfmBars(answer.segments);
      setStatus(panel, '', `All ${fmtInt(answer.customers)} customers with a purchase, scored 1–5 by quintiles (docs/analytics.md).`);
      drawChart(RFM_CANVAS, {
        type: 'bar',
        data: {
          labels: bars.labels,
          datasets: [
            { label: 'customers', data: bars.customers, backgroundColor: COLOURS.primary, yAxisID: 'y' },
            { label: '% of revenue', data: bars.revenuePercent, backgroundColor: COLOURS.clv, yAxisID: 'y1' },
          ],
        },
        options: {
          scales: {
            y: { min: 0, title: { display: true, text: 'customers' } },
            y1: { min: 0, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: '% of revenue' } },
          },
        },
      });
    } catch (error) {
      clearChart(RFM_CANVAS);
      setStatus(panel, 'error', errorText(error));
    }
  },
};
