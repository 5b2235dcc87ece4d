import { DASHBOARD_ASSETS_PATH } from './dashboard-api-paths';

/** Version query on the chart.js URL: it is cached for a year, so an upgrade must change the URL. */
export function dashboardPage(chartJsVersion: string): string {
  const chartJs = `${DASHBOARD_ASSETS_PATH}/chart.umd.min.js?v=${encodeURIComponent(chartJsVersion)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lifeline dashboard</title>
<link rel="stylesheet" href="${DASHBOARD_ASSETS_PATH}/dashboard.css">
<script data-chart src="${chartJs}" defer></script>
<script src="${DASHBOARD_ASSETS_PATH}/dashboard-key-entry.js" defer></script>
<script src="${DASHBOARD_ASSETS_PATH}/dashboard.js" defer></script>
</head>
<body>
<header>
  <h1>Lifeline</h1>
  <span id="as-of" class="muted"></span>
  <form id="filters" class="filters" aria-label="Population filters">
    <label>Segment <select id="filter-segment"><option value="">all segments</option></select></label>
    <label>Channel <select id="filter-channel"><option value="">all channels</option></select></label>
    <button type="button" id="refresh">Refresh</button>
  </form>
</header>
<p id="page-error" class="status error" hidden></p>
<noscript><p class="status error">The dashboard draws its plots with JavaScript; please enable it. The data is also at <a href="/docs">/docs</a>.</p></noscript>
<main>
  <section class="tiles" aria-label="Headline numbers">
    <div class="tile" id="tile-customers"><span class="label">Customers</span><span class="value">…</span><span class="note"></span></div>
    <div class="tile" id="tile-active"><span class="label">Active</span><span class="value">…</span><span class="note"></span></div>
    <div class="tile" id="tile-churned"><span class="label">Churned</span><span class="value">…</span><span class="note"></span></div>
    <div class="tile" id="tile-revenue"><span class="label">Revenue to date (all)</span><span class="value">…</span><span class="note"></span></div>
    <div class="tile" id="tile-complaints"><span class="label">Open complaints (all)</span><span class="value">…</span><span class="note"></span></div>
    <div class="tile" id="tile-lag"><span class="label">Projection lag</span><span class="value">…</span><span class="note"></span></div>
  </section>
  <p class="muted small">Segment and channel filters apply to the customer counts, retention, survival and churn; the segment filter also to lifetime value. Revenue and complaints cover all customers.</p>

  <section class="panel wide" id="panel-retention">
    <h2>Cohort retention</h2>
    <p class="status"></p>
    <div class="content">
      <div class="chart-box"><canvas id="chart-retention" aria-label="Retention curve per monthly cohort" role="img"></canvas></div>
      <div class="table-scroll"><table id="retention-table" class="heatmap"></table></div>
    </div>
  </section>

  <section class="panel" id="panel-survival">
    <h2>Survival <label class="inline">by <select id="survival-by"><option value="">all customers</option><option value="segment">segment</option><option value="channel">channel</option></select></label></h2>
    <p class="status"></p>
    <div class="content"><div class="chart-box"><canvas id="chart-survival" aria-label="Kaplan–Meier survival curve" role="img"></canvas></div></div>
  </section>

  <section class="panel" id="panel-churn">
    <h2>Churn rate per month</h2>
    <p class="status"></p>
    <div class="content"><div class="chart-box"><canvas id="chart-churn" aria-label="Churn rate per month" role="img"></canvas></div></div>
  </section>

  <section class="panel wide" id="panel-clv">
    <h2>Predicted lifetime value</h2>
    <p class="status"></p>
    <div class="content two">
      <div class="chart-box"><canvas id="chart-clv" aria-label="Predicted lifetime value by decile" role="img"></canvas></div>
      <div class="table-scroll"><table id="clv-top"></table></div>
    </div>
  </section>

  <section class="panel" id="panel-revenue">
    <h2>Revenue per month (all customers)</h2>
    <p class="status"></p>
    <div class="content"><div class="chart-box"><canvas id="chart-revenue" aria-label="Revenue per month" role="img"></canvas></div></div>
  </section>

  <section class="panel" id="panel-complaints">
    <h2>Complaint resolution (all customers)</h2>
    <p class="status"></p>
    <div class="content two">
      <div class="chart-box"><canvas id="chart-complaints-category" aria-label="Mean resolution time by category" role="img"></canvas></div>
      <div class="chart-box"><canvas id="chart-complaints-severity" aria-label="Mean resolution time by severity" role="img"></canvas></div>
    </div>
  </section>

  <section class="panel wide" id="panel-lookup">
    <h2>Customer lookup</h2>
    <form id="lookup-form" class="lookup">
      <label for="lookup-id">Customer id</label>
      <input id="lookup-id" name="customerId" required maxlength="64" autocomplete="off" placeholder="e.g. c-1042">
      <button type="submit">Show</button>
    </form>
    <p class="status"></p>
    <div id="lookup-result" class="content lookup-result" hidden>
      <div><div id="profile"></div><div id="customer-clv"></div></div>
      <div>
        <h3>Timeline (newest first)</h3>
        <div class="table-scroll"><table id="timeline"><thead><tr><th>when</th><th>event</th><th>summary</th></tr></thead><tbody></tbody></table></div>
        <p id="timeline-status" class="status error"></p>
        <button type="button" id="timeline-more" hidden>Older events</button>
      </div>
    </div>
  </section>
</main>
<footer class="muted small">Read models served by this API; the full API is described at <a href="/docs">/docs</a>.</footer>
</body>
</html>
`;
}
