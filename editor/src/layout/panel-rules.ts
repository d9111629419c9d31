import type { Role } from '@millwright/model';

/** Roles, weakest first, as the runtime ranks them: each can do what the ones before it can. */
const ROLE_ORDER: readonly Role[] = ['viewer', 'operator', 'editor', 'admin'];

/** True when `role` is at least `min`. An unknown role (not signed in yet) passes: the server decides. */
export function roleAtLeast(role: Role | undefined, min: Role | undefined): boolean {
  if (!role || !min) return true;
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(min);
}

/** What decides whether a right-panel tab shows. */
export interface PanelRule<C> {
  id: string;
  /** Weakest role that sees the tab (the runtime would refuse its data to weaker ones); absent: every role. */
  role?: Role;
  /** Whether the tab exists right now (the chart tab only while a chartable node is selected); absent: always. */
  available?: (ctx: C) => boolean;
}

/** The tabs to show, in table order. */
export function visiblePanels<C, P extends PanelRule<C>>(panels: readonly P[], ctx: C, role: Role | undefined): P[] {
  return panels.filter((p) => roleAtLeast(role, p.role) && (p.available?.(ctx) ?? true));
}

/** The chosen tab when it is visible, else the first visible one (the properties panel). */
export function activePanel<P extends { id: string }>(visible: readonly P[], chosen: string): P | undefined {
  return visible.find((p) => p.id === chosen) ?? visible[0];
}

/**
 * Which tabs keep their title in a strip `available` px wide; the others show only their icon
 * (title in the tooltip). Given each tab's width with title (`full`) and icon only (`compact`) in
 * table order: the active tab first, then the others in table order while they fit. Indexes.
 */
export function labelledTabs(
  full: readonly number[],
  compact: readonly number[],
  available: number,
  active: number,
): number[] {
  let used = compact.reduce((a, b) => a + b, 0);
  const labelled = new Set<number>();
  const order = [active, ...full.keys()].filter((i, k, all) => i >= 0 && i < full.length && all.indexOf(i) === k);
  for (const i of order) {
    const extra = (full[i] ?? 0) - (compact[i] ?? 0);
    // The active tab always keeps its title; after the first that does not fit, later ones stay compact.
    if (i !== active && used + extra > available) break;
    used += extra;
    labelled.add(i);
  }
  return [...labelled].sort((a, b) => a - b);
}
