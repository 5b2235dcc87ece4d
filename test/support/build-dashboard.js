// Jest global set-up: the API under test serves the dashboard bundle from dist/dashboard, so build it
// from the current source first (esbuild, about a second) — tests never see a stale or missing bundle.
const { buildDashboard } = require('../../apps/dashboard/build');

module.exports = async function buildDashboardForTests() {
  await buildDashboard();
};
