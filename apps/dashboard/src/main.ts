import './dashboard.css';
import { withApiKeyEntry } from './api/api-key-entry';
import { httpApi, sharingRequests } from './api/client';
import { askForApiKey } from './ui/api-key-dialog';
import { currentFilter, fillChannelFilter, fillSegmentFilter } from './filters';
import type { DashboardContext, Panel } from './panels/panel';
import { PANELS } from './panels/registry';
import { useFont } from './ui/charts';
import { byId, setStatus } from './ui/dom';
import { fmtDateTime } from './ui/format';
import { errorText } from './panels/messages';

/** Loads the given panels together: identical requests among them go out once. */
async function load(context: DashboardContext, panels: readonly Panel[]): Promise<void> {
  const api = sharingRequests(context.api);
  const filter = context.currentFilter();
  // A panel reports its own failures; one that slips through still lands in that panel, not in the console.
  const loads = panels.map((panel) =>
    panel.load({ api, filter }).catch((error: unknown) => {
      const section = document.getElementById(panel.id);
      if (section?.querySelector(':scope > .status')) setStatus(section, 'error', errorText(error));
      else showPageError(error);
    }),
  );
  await Promise.all([...loads, fillSegmentFilter(api)]);
}

function showPageError(error: unknown): void {
  const banner = byId('page-error');
  banner.hidden = false;
  banner.textContent = `The dashboard ran into a problem: ${errorText(error)}`;
}

function start(): void {
  const send = withApiKeyEntry((url, init) => fetch(url, init), { storage: window.sessionStorage, ask: askForApiKey });
  const context: DashboardContext = { api: httpApi(window.location.origin, send), currentFilter };
  useFont(getComputedStyle(document.body).fontFamily);
  fillChannelFilter();
  byId('panels').append(...PANELS.map((panel) => panel.mount(context)));

  const refreshAll = () => {
    byId('as-of').textContent = `as of ${fmtDateTime(new Date().toISOString())}`;
    void load(context, PANELS);
  };
  const refreshFiltered = () => void load(context, PANELS.filter((panel) => panel.followsFilter));
  byId('filter-segment').addEventListener('change', refreshFiltered);
  byId('filter-channel').addEventListener('change', refreshFiltered);
  byId('refresh').addEventListener('click', refreshAll);
  refreshAll();
}

// The script is loaded with `defer`: the document is parsed when it runs.
try {
  start();
} catch (error) {
  showPageError(error);
}
