import type { DashboardPageInfo, DashboardWidgetInfo, Flow, Role } from '@millwright/model';
import type { AnyNodeDefinition } from '@millwright/sdk';

/** Node type of a dashboard page (the config node widgets name in `page`). */
export const PAGE_TYPE = 'ui-page';
/** Node category of dashboard widgets. */
export const DASHBOARD_CATEGORY = 'dashboard';

/** A page with its widgets, as found in the deployed flows. */
export interface DashboardPage {
  info: DashboardPageInfo;
  widgets: DashboardWidgetInfo[];
}

/**
 * The dashboard pages of the deployed flows: every `ui-page` config node (any flow) and the
 * enabled widget nodes (category `dashboard`) that name it, by `order`. Configs are read through
 * the node schemas, so defaults apply as in the running nodes. A page whose config does not parse,
 * or a second page with the same path, is left out (the deploy's validation reports it).
 * Pure: called on each request, since pages change with every deploy.
 */
export function dashboardPages(
  flows: readonly Flow[],
  definition: (type: string) => AnyNodeDefinition | undefined,
): DashboardPage[] {
  const pages = new Map<string, DashboardPage>();
  const byPath = new Set<string>();
  for (const flow of flows) {
    if (flow.disabled) continue;
    for (const c of flow.configs ?? []) {
      if (c.type !== PAGE_TYPE) continue;
      const parsed = definition(PAGE_TYPE)?.config.safeParse(c.config);
      if (!parsed?.success) continue;
      const cfg: { path: string; title: string; roles: Role[]; theme: 'light' | 'dark'; order: number } = parsed.data;
      if (byPath.has(cfg.path)) continue;
      byPath.add(cfg.path);
      pages.set(c.id, { info: { id: c.id, ...cfg }, widgets: [] });
    }
  }
  for (const flow of flows) {
    if (flow.disabled) continue;
    for (const n of flow.nodes) {
      const def = definition(n.type);
      if (n.disabled || def?.category !== DASHBOARD_CATEGORY) continue;
      const parsed = def.config.safeParse(n.config);
      if (!parsed.success) continue;
      const config: Record<string, unknown> = parsed.data;
      const page = typeof config['page'] === 'string' ? pages.get(config['page']) : undefined;
      if (!page) continue;
      page.widgets.push({
        id: n.id,
        type: n.type,
        flowId: flow.id,
        name: n.name ?? '',
        config,
        input: def.outputs.length > 0,
      });
    }
  }
  const order = (w: DashboardWidgetInfo) => (typeof w.config['order'] === 'number' ? w.config['order'] : 0);
  for (const p of pages.values()) p.widgets.sort((a, b) => order(a) - order(b));
  return [...pages.values()].sort((a, b) => a.info.order - b.info.order || a.info.path.localeCompare(b.info.path));
}

/** True when `role` may open the page: admins always, others when the page lists no roles or theirs. */
export function mayOpen(page: DashboardPageInfo, role: Role): boolean {
  return role === 'admin' || page.roles.length === 0 || page.roles.includes(role);
}

/** Node ids whose chart events a page shows: its widgets, and the nodes they draw from (`source`). */
export function pageNodeIds(page: DashboardPage): string[] {
  const ids = new Set<string>();
  for (const w of page.widgets) {
    ids.add(w.id);
    if (typeof w.config['source'] === 'string') ids.add(w.config['source']);
  }
  return [...ids];
}
