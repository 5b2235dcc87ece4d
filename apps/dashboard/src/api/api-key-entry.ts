/**
 * API-key entry (docs/security.md): wraps the client's `send`. Nothing is asked while the API
 * answers (protected mode needs no key). On the first 401 it asks once for a key (requests
 * refused meanwhile share the one question), keeps it in the tab's sessionStorage (gone with
 * the tab; never in a URL, cookie or localStorage), sends it as `Authorization: Bearer` and
 * retries. A stored key that is refused is asked for again; a cancelled question leaves the 401.
 */
export const API_KEY_STORAGE_KEY = 'lifeline.apiKey';

export type Send = (url: URL, init: RequestInit) => Promise<Response>;

export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ApiKeyEntryOptions {
  readonly storage: KeyStorage;
  /** Asks the person for a key; null when they decline. */
  readonly ask: (message: string) => Promise<string | null>;
}

const withKey = (init: RequestInit, key: string): RequestInit => {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${key}`);
  return { ...init, headers };
};

export function withApiKeyEntry(send: Send, { storage, ask }: ApiKeyEntryOptions): Send {
  const stored = () => {
    try {
      return storage.getItem(API_KEY_STORAGE_KEY);
    } catch {
      return null; // storage disabled: ask every time a request is refused
    }
  };
  let question: Promise<string | null> | undefined;
  const askOnce = (message: string) => {
    question ??= ask(message).then((key) => {
      const trimmed = key?.trim() || null;
      if (trimmed) storage.setItem(API_KEY_STORAGE_KEY, trimmed);
      // Later refusals (with this answer already tried) may ask again.
      setTimeout(() => (question = undefined), 0);
      return trimmed;
    });
    return question;
  };

  return async (url, init) => {
    const key = stored();
    const response = await send(url, key ? withKey(init, key) : init);
    if (response.status !== 401) return response;
    // Another request got a key from the person meanwhile: use it rather than ask again.
    const meanwhile = stored();
    if (meanwhile && meanwhile !== key) return send(url, withKey(init, meanwhile));
    const fresh = await askOnce(
      key ? 'The API refused the stored key (revoked or mistyped?). Enter an API key:' : 'This Lifeline API needs an API key (lifeline keys create --role analyst). Enter it:',
    );
    return fresh ? send(url, withKey(init, fresh)) : response;
  };
}
