/**
 * The dashboard's API-key entry (apps/dashboard/src/api/api-key-entry.ts) against the real
 * API: the module as the bundle uses it, with the real fetch; the person at the dialog and
 * the tab's sessionStorage are stood in for.
 */
import { API_KEY_STORAGE_KEY, withApiKeyEntry, type Send } from '../../apps/dashboard/src/api/api-key-entry';
import { removeDataDir, startApi, type RunningApi } from '../support/api-harness';

function tab(answers: (string | null)[]) {
  const storage = new Map<string, string>();
  const questions: string[] = [];
  const sent: { url: string; authorization: string | null }[] = [];
  const send: Send = (url, init) => {
    sent.push({ url: url.href, authorization: new Headers(init.headers).get('authorization') });
    return fetch(url, init);
  };
  const ask = async (message: string) => {
    questions.push(message);
    await new Promise((resolve) => setTimeout(resolve, 20)); // a person takes a moment
    return answers.shift() ?? null;
  };
  const api = withApiKeyEntry(send, { storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) }, ask });
  return { api, storage, questions, sent };
}

describe('dashboard API-key entry', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });
  const url = (path: string) => new URL(path, api.url);

  it('asks once when the API refuses, keeps the key in the tab, sends it as a header and never in a URL', async () => {
    const analystKey = await api.createKey('analyst');
    const page = tab([analystKey]);
    const answers = await Promise.all(['/analytics/churn', '/analytics/revenue', '/analytics/complaints'].map((path) => page.api(url(path), {})));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(page.questions).toHaveLength(1);
    expect(page.storage.get(API_KEY_STORAGE_KEY)).toBe(analystKey);

    expect((await page.api(url('/analytics/retention'), {})).status).toBe(200);
    expect(page.questions).toHaveLength(1);
    expect(page.sent.at(-1)!.authorization).toBe(`Bearer ${analystKey}`);
    expect(page.sent.every((request) => !request.url.includes(analystKey))).toBe(true);
  });

  it('asks again when the stored key is refused, and leaves the 401 when the person cancels', async () => {
    const page = tab([null]);
    page.storage.set(API_KEY_STORAGE_KEY, 'lfl_revoked1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await page.api(url('/analytics/churn'), {})).status).toBe(401);
    expect(page.questions).toEqual([expect.stringMatching(/refused the stored key/)]);
  });

  it('asks nothing in protected mode, where the API answers without a key', async () => {
    const open = await startApi({ auth: 'protected' });
    try {
      const page = tab([]);
      expect((await page.api(new URL('/analytics/churn', open.url), {})).status).toBe(200);
      expect(page.questions).toHaveLength(0);
    } finally {
      await open.stop();
      removeDataDir(open.config.dataDir);
    }
  });
});
