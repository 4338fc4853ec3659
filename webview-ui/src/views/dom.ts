/**
 * A tiny element builder. Everything goes through textContent and setAttribute, never innerHTML,
 * and never the `style` attribute (the CSP forbids inline styles): the only HTML that reaches the
 * page from model output is what the sanitizing markdown renderer produces.
 */
export type Child = Node | string | false | null | undefined;

export interface Attrs {
  [name: string]: string | boolean | undefined;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) setAttr(el, name, value);
  append(el, ...children);
  return el;
}

export function append(parent: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    parent.append(child);
  }
}

/** `false`/`undefined` removes the attribute, `true` sets it empty. */
export function setAttr(el: Element, name: string, value: string | boolean | undefined): void {
  if (name === 'style') throw new Error('Inline styles are blocked by the CSP; use a class.');
  if (value === false || value === undefined) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : value);
}

/** A codicon glyph; decorative, so hidden from assistive technology. */
export function icon(name: string, extraClass = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, 'aria-hidden': 'true' });
}

/**
 * A `vscode-button`. Its host element carries role=button, so the accessible name is the text, or
 * `label` for icon-only buttons (also shown as a tooltip).
 */
export function button(options: {
  text?: string;
  label?: string;
  icon?: string;
  secondary?: boolean;
  className?: string;
  onClick: (ev: Event) => void;
}): HTMLElement {
  const el = h('vscode-button', {
    class: options.className,
    secondary: options.secondary,
    'aria-label': options.text ? undefined : options.label,
    title: options.label ?? options.text,
    'icon-only': !options.text && options.icon ? true : undefined,
  });
  if (options.icon) {
    const glyph = icon(options.icon);
    if (options.text) glyph.setAttribute('slot', 'content-before');
    el.append(glyph);
  }
  if (options.text) el.append(options.text);
  el.addEventListener('click', (ev) => {
    if (isDisabled(el)) return;
    options.onClick(ev);
  });
  return el;
}

/** Disables a custom-element control in the way both the element and assistive tech understand. */
export function setDisabled(el: HTMLElement, disabled: boolean): void {
  setAttr(el, 'disabled', disabled);
  setAttr(el, 'aria-disabled', disabled ? 'true' : undefined);
}

export function isDisabled(el: Element): boolean {
  return el.hasAttribute('disabled');
}
