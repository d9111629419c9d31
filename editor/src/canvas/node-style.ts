/** Accent colour per palette category (a node type's own `color` wins). */
const CATEGORY_COLORS: Record<string, string> = {
  common: '#3b82f6',
  function: '#f59e0b',
  sequence: '#8b5cf6',
  network: '#10b981',
  parser: '#ec4899',
  storage: '#64748b',
  isa95: '#0ea5e9',
  opcua: '#14b8a6',
  mqtt: '#22c55e',
  config: '#94a3b8',
};

export function nodeColor(category: string | undefined, own?: string): string {
  if (own) return own;
  if (category && CATEGORY_COLORS[category]) return CATEGORY_COLORS[category];
  // Unknown categories still get a stable colour of their own.
  let h = 0;
  for (const ch of category ?? '') h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 55% 50%)`;
}
