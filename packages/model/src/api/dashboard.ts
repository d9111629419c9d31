import type { Role } from './auth.js';
import type { ChartEvent } from './charts.js';

/**
 * Dashboards (nodes/dashboard): a `ui-page` config node is a page served at `/dashboard/<path>`;
 * widget nodes name their page. The dashboard app reads a page with `GET /api/dashboard/pages/:path`,
 * follows its widgets' `chart` events on `/api/events`, and sends operator input with
 * `POST /api/dashboard/pages/:path/widgets/:nodeId`.
 */

/** A page as listed for the caller. */
export interface DashboardPageInfo {
  /** Id of the `ui-page` config node. */
  id: string;
  /** URL segment: `/dashboard/<path>`. */
  path: string;
  title: string;
  /** Roles that may open the page; empty: every role. Admins may open every page. */
  roles: Role[];
  theme: 'light' | 'dark';
  order: number;
}

/** A widget of a page: its node and the config the app draws it from. */
export interface DashboardWidgetInfo {
  id: string;
  /** Node type, e.g. `ui-value`. */
  type: string;
  flowId: string;
  name: string;
  config: Record<string, unknown>;
  /** True for inputs (button, form, dropdown): they send messages into the flow. */
  input: boolean;
}

/** `GET /api/dashboard/pages`: the pages the caller may open, by `order`. */
export interface DashboardPagesResponse {
  pages: DashboardPageInfo[];
}

/** `GET /api/dashboard/pages/:path`: the page, its widgets by `order`, and their kept events. */
export interface DashboardPageResponse {
  page: DashboardPageInfo;
  widgets: DashboardWidgetInfo[];
  /**
   * Kept chart events per node id, oldest first (at most 200 per node): the widgets' own, and for
   * widgets with a `source` (SPC chart) that node's.
   */
  history: Record<string, ChartEvent[]>;
  /** Who is looking, and whether inputs are allowed for them (`dashboard:input`). */
  user: { name: string; role: Role; canInput: boolean };
}

/** `POST /api/dashboard/pages/:path/widgets/:nodeId` body: what the operator entered. */
export interface DashboardInputRequest {
  /** The button's (empty), dropdown's (the chosen value) or form's (`{ field: value }`) value. */
  value?: unknown;
}

/** Answer to an input: `ok`, or the field faults the widget found (then nothing was sent). */
export interface DashboardInputResponse {
  ok: boolean;
  issues?: Array<{ field: string; message: string }>;
}

/** What an input widget adds to the message it sends: who pressed it, on which page. */
export interface DashboardUser {
  name: string;
  role: Role;
}
