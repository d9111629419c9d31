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
