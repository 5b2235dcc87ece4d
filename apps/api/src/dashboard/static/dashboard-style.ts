/** The dashboard's stylesheet, served as a file so the page's Content-Security-Policy can forbid inline styles. */
export const DASHBOARD_STYLE = `
:root { --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #f9fafb; --accent: #2563eb; --bad: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding: 0.75rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
h1 { font-size: 1.25rem; margin: 0; }
h2 { font-size: 1rem; margin: 0 0 0.25rem; display: flex; align-items: center; gap: 0.75rem; }
h3 { font-size: 0.95rem; margin: 0.5rem 0 0.25rem; }
main { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; padding: 1rem 1.5rem 2rem; }
main > .tiles, main > p, .panel.wide { grid-column: 1 / -1; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
.filters { display: flex; gap: 1rem; align-items: center; margin-left: auto; }
select, input, button { font: inherit; padding: 0.25rem 0.5rem; border: 1px solid #d1d5db; border-radius: 4px; background: #fff; }
button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
button:disabled { opacity: 0.6; cursor: default; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 0.75rem; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; display: flex; flex-direction: column; }
.tile .label { color: var(--muted); font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; }
.tile .value { font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.tile .note { color: var(--muted); font-size: 0.8rem; }
.tile.bad { border-color: var(--bad); }
.tile.bad .note { color: var(--bad); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem; min-width: 0; }
.panel.no-content .content { display: none; }
.content.two, .lookup-result { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
@media (max-width: 900px) { .content.two, .lookup-result { grid-template-columns: 1fr; } }
.chart-box { position: relative; height: 300px; }
.status { color: var(--muted); margin: 0 0 0.5rem; }
.status:empty { display: none; }
.status.loading { font-style: italic; }
.status.empty { color: var(--ink); background: #f3f4f6; padding: 0.75rem; border-radius: 4px; }
.status.error { color: var(--bad); background: #fef2f2; padding: 0.75rem; border-radius: 4px; }
#page-error { margin: 1rem 1.5rem 0; }
.muted { color: var(--muted); }
.small { font-size: 0.8rem; margin: 0; }
pre { white-space: pre-wrap; word-break: break-all; background: #111827; color: #f9fafb; padding: 0.5rem 0.75rem; border-radius: 4px; font-size: 0.8rem; }
.table-scroll { overflow-x: auto; margin-top: 0.75rem; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; width: 100%; }
th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
td.num { text-align: right; }
table.heatmap { width: auto; }
table.heatmap td.heat { text-align: center; min-width: 3rem; }
#timeline td:last-child { white-space: normal; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; }
.lookup { display: flex; gap: 0.5rem; align-items: center; margin-bottom: 0.5rem; }
label.inline { font-weight: normal; color: var(--muted); }
a { color: var(--accent); }
footer { padding: 0 1.5rem 1.5rem; }
`;
