/** Small DOM helpers: the page builds its markup with createElement only (no innerHTML, no inline script or style). */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no element #${id}`);
  return node as T;
}

type Child = Node | string | number | null | undefined;
type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** `el('td', { class: 'num', text: 3 })`; keys starting with "on" add listeners, `text` sets the text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: Child | readonly Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = String(value);
    else if (typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of Array.isArray(children) ? children : [children]) {
    if (child !== null && child !== undefined) node.append(typeof child === 'number' ? String(child) : child);
  }
  return node;
}

export type StatusKind = '' | 'loading' | 'empty' | 'error';

/** A panel's status line: loading, empty (with what to do), error (the API's detail), or a caption. Empty and error hide its content. */
export function setStatus(panel: HTMLElement, kind: StatusKind, message: string | Node): void {
  const status = panel.querySelector<HTMLElement>(':scope > .status');
  if (status === null) throw new Error(`panel #${panel.id} has no status line`);
  status.className = kind ? `status ${kind}` : 'status';
  status.replaceChildren(message);
  panel.classList.toggle('no-content', kind === 'error' || kind === 'empty');
  panel.dataset.state = kind === '' ? 'ready' : kind;
}

/** A panel's frame: heading (text or nodes), status line, then its content. */
export function panelSection(id: string, heading: Child | readonly Child[], content: Child | readonly Child[], wide = false): HTMLElement {
  return el('section', { class: wide ? 'panel wide' : 'panel', id, 'data-state': 'loading' }, [el('h2', {}, heading), el('p', { class: 'status loading', text: 'Loading…' }), el('div', { class: 'content' }, content)]);
}

/** A fixed-height box for one chart. */
export function chartBox(id: string, label: string): HTMLDivElement {
  return el('div', { class: 'chart-box' }, el('canvas', { id, role: 'img', 'aria-label': label }));
}

export function definitionList(pairs: readonly (readonly [string, string | Node])[]): HTMLDListElement {
  const list = el('dl');
  for (const [term, value] of pairs) list.append(el('dt', { text: term }), el('dd', {}, value));
  return list;
}

export function customerLink(customerId: string): HTMLAnchorElement {
  return el('a', { href: `#customer=${encodeURIComponent(customerId)}`, text: customerId });
}
