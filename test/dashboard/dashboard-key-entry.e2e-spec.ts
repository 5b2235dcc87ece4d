/**
 * The dashboard's API-key entry (dashboard-key-entry.js) as the browser runs it, against the
 * real API: the served script in a VM context whose fetch is the real one, with a small
 * stand-in for the DOM of its dialog (where the test "types" the key).
 */
import { Script, createContext } from 'node:vm';
import { DASHBOARD_API_PATHS } from '../../apps/api/src/dashboard/static/dashboard-api-paths';
import { removeDataDir, startApi, type RunningApi } from '../support/api-harness';

class FakeElement {
  readonly children: FakeElement[] = [];
  readonly listeners = new Map<string, ((event: unknown) => void)[]>();
  value = '';
  textContent = '';
  open = false;
  [property: string]: unknown;
  constructor(
    readonly tag: string,
    private readonly page: FakePage,
  ) {}
  append(...children: FakeElement[]) {
    this.children.push(...children);
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string) {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, preventDefault() {} });
  }
  showModal() {
    this.open = true;
    this.page.dialogs.push(this);
  }
  close() {
    this.open = false;
    this.fire('close');
  }
  remove() {}
  find(tag: string): FakeElement {
    const found = this.search(tag);
    if (!found) throw new Error(`no <${tag}> in the dialog`);
    return found;
  }
  private search(tag: string): FakeElement | undefined {
    for (const child of this.children) {
      const found = child.tag === tag ? child : child.search(tag);
      if (found) return found;
    }
    return undefined;
  }
}

class FakePage {
  readonly dialogs: FakeElement[] = [];
  readonly storage = new Map<string, string>();
  readonly sent: { url: string; authorization: string | null }[] = [];
  readonly window: Record<string, unknown>;

  constructor(origin: string, script: string) {
    const recordingFetch = (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      this.sent.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      if (!url.startsWith(origin)) return Promise.resolve(new Response('{}', { status: 200 }));
      return fetch(input, init);
    };
    const storage = this.storage;
    this.window = {
      fetch: recordingFetch,
      location: { href: `${origin}/dashboard`, origin },
      sessionStorage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) },
    };
    const document = { createElement: (tag: string) => new FakeElement(tag, this), body: { append() {} } };
    const context = createContext({ window: this.window, document, URL, Headers, Request, Response, Promise, setTimeout });
    new Script(script).runInContext(context);
  }

  get fetch(): (input: string, init?: RequestInit) => Promise<Response> {
    return this.window['fetch'] as (input: string, init?: RequestInit) => Promise<Response>;
  }

  async answer(key: string | null): Promise<void> {
    const dialog = await this.nextOpenDialog();
    if (key === null) return dialog.find('form').children.find((child) => child.textContent === 'Cancel')!.fire('click');
    dialog.find('input').value = key;
    dialog.find('form').fire('submit');
    dialog.close(); // <form method="dialog"> closes its dialog on submit
  }

  private async nextOpenDialog(): Promise<FakeElement> {
    for (let i = 0; i < 200; i++) {
      const open = this.dialogs.find((dialog) => dialog.open);
      if (open) return open;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no dialog opened');
  }
}

describe('dashboard API-key entry', () => {
  let api: RunningApi;
  let script: string;

  beforeAll(async () => {
    api = await startApi();
    script = (await api.anonymous().get('/dashboard/assets/dashboard-key-entry.js').expect(200)).text;
  });

  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  it('asks once for the key when the API refuses, keeps it in the tab, sends it as a header and never in a URL', async () => {
    const analystKey = await api.createKey('analyst');
    const page = new FakePage(api.url, script);
    const loads = [DASHBOARD_API_PATHS.churn, DASHBOARD_API_PATHS.revenue, DASHBOARD_API_PATHS.complaints].map((path) => page.fetch(`${api.url}${path}`));
    await page.answer(analystKey);
    const statuses = (await Promise.all(loads)).map((response) => response.status);
    expect(statuses).toEqual([200, 200, 200]);
    expect(page.dialogs).toHaveLength(1);
    expect(page.storage.get('lifeline.apiKey')).toBe(analystKey);

    const later = await page.fetch(`${api.url}${DASHBOARD_API_PATHS.retention}`);
    expect(later.status).toBe(200);
    expect(page.dialogs).toHaveLength(1);
    expect(page.sent.at(-1)!.authorization).toBe(`Bearer ${analystKey}`);
    expect(page.sent.every((request) => !request.url.includes(analystKey))).toBe(true);
  });

  it('asks again when the stored key is refused, and gives up with the 401 when the person cancels', async () => {
    const page = new FakePage(api.url, script);
    page.storage.set('lifeline.apiKey', 'lfl_revoked1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const load = page.fetch(`${api.url}${DASHBOARD_API_PATHS.churn}`);
    await page.answer(null);
    const response = await load;
    expect(response.status).toBe(401);
    expect(page.dialogs).toHaveLength(1);
  });

  it('sends the key to this origin only', async () => {
    const page = new FakePage(api.url, script);
    page.storage.set('lifeline.apiKey', await api.createKey('reader'));
    await page.fetch('https://elsewhere.example/x');
    expect(page.sent.at(-1)).toEqual({ url: 'https://elsewhere.example/x', authorization: null });
  });

  it('asks nothing in protected mode, where the API answers without a key', async () => {
    const open = await startApi({ auth: 'protected' });
    try {
      const page = new FakePage(open.url, script);
      expect((await page.fetch(`${open.url}${DASHBOARD_API_PATHS.churn}`)).status).toBe(200);
      expect(page.dialogs).toHaveLength(0);
    } finally {
      await open.stop();
      removeDataDir(open.config.dataDir);
    }
  });
});
