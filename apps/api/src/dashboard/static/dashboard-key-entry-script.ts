/**
 * API-key entry for the dashboard, kept apart from the dashboard's own script so that it
 * ports unchanged to another front end: it wraps window.fetch for same-origin requests.
 * Nothing is asked while the API answers (protected mode needs no key). On the first 401 it
 * asks for a key once (concurrent refusals share the one question), keeps it in this tab's
 * sessionStorage (gone when the tab closes; never in a URL, cookie or localStorage), sends it
 * as Authorization: Bearer and retries. A stored key that is refused is asked for again.
 * Written without backticks or "${" so that String.raw keeps it verbatim.
 */
const BODY = String.raw`
const STORAGE_KEY = 'lifeline.apiKey';
const originalFetch = window.fetch.bind(window);
let pendingQuestion = null;

function storedKey() {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch (e) {
    return null;
  }
}

function isSameOrigin(input) {
  const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url, window.location.href);
  return url.origin === window.location.origin;
}

function withKey(init, key) {
  const headers = new Headers((init && init.headers) || undefined);
  headers.set('Authorization', 'Bearer ' + key);
  return Object.assign({}, init, { headers: headers });
}

/** A modal form with a password field: the key is not echoed on screen. Resolves to the key, or null. */
function askForKey(message) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'api-key-dialog';
    const form = document.createElement('form');
    form.method = 'dialog';
    const text = document.createElement('p');
    text.textContent = message;
    const label = document.createElement('label');
    label.textContent = 'API key ';
    const input = document.createElement('input');
    input.type = 'password';
    input.autocomplete = 'off';
    input.required = true;
    input.name = 'api-key';
    label.append(input);
    const use = document.createElement('button');
    use.type = 'submit';
    use.value = 'use';
    use.textContent = 'Use key';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    cancel.addEventListener('click', () => dialog.close(''));
    form.append(text, label, use, cancel);
    dialog.append(form);
    let answered = false;
    form.addEventListener('submit', () => {
      answered = true;
      const key = input.value.trim();
      input.value = '';
      resolve(key || null);
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (!answered) resolve(null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

function askOnce(message) {
  if (!pendingQuestion) {
    pendingQuestion = askForKey(message).then((key) => {
      if (key) window.sessionStorage.setItem(STORAGE_KEY, key);
      return key;
    });
    // Later refusals (after this answer was used) may ask again.
    pendingQuestion.finally(() => setTimeout(() => (pendingQuestion = null), 0));
  }
  return pendingQuestion;
}

window.fetch = async function (input, init) {
  if (!isSameOrigin(input)) return originalFetch(input, init);
  const key = storedKey();
  const response = await originalFetch(input, key ? withKey(init, key) : init);
  if (response.status !== 401) return response;
  // Another request got a key from the person meanwhile: use it rather than ask again.
  const meanwhile = storedKey();
  if (meanwhile && meanwhile !== key) return originalFetch(input, withKey(init, meanwhile));
  const fresh = await askOnce(
    key ? 'The API refused the stored key (revoked or mistyped?). Enter an API key:' : 'This Lifeline API needs an API key (lifeline keys create --role analyst). Enter it:',
  );
  return fresh ? originalFetch(input, withKey(init, fresh)) : response;
};
`;

/** Served at /dashboard/assets/dashboard-key-entry.js, loaded before the dashboard's script. */
export const DASHBOARD_KEY_ENTRY_SCRIPT = ['(function () {', "'use strict';", BODY, '})();', ''].join('\n');
