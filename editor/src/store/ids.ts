import type { Wire } from '@millwright/model';

/** A fresh id that satisfies the flow format's id pattern (16 hex digits). */
export function newId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Wires carry no id in the flow format; the canvas identifies them by their ends. */
export function wireId(w: Wire): string {
  return `${w.from.node}:${w.from.port}>${w.to.node}:${w.to.port}`;
}
