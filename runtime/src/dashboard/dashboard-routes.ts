import {
  OperationalError,
  UserError,
  type DashboardInputResponse,
  type DashboardPageResponse,
  type DashboardPagesResponse,
  type Flow,
} from '@millwright/model';
import { newMessageId, type AnyNodeDefinition } from '@millwright/sdk';
import { Router, type Request } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import { can } from '../auth/permissions.js';
import type { ChartHistory } from '../charts/chart-history.js';
import type { FlowManager } from '../engine/flow-manager.js';
import { ipOf, principalOf } from '../api/auth-gate.js';
import { dashboardPages, mayOpen, pageNodeIds, type DashboardPage } from './dashboard-pages.js';

/** Largest input value kept whole in the audit log (JSON characters); a larger one is cut. */
const AUDIT_VALUE_CHARS = 2_000;

/** How long an input widget may take to take the operator's input before the caller gets 504. */
export const DASHBOARD_INPUT_TIMEOUT_MS = 5_000;

export interface DashboardRouteOptions {
  /** The deployed flows. */
  flows: () => readonly Flow[];
  definition: (type: string) => AnyNodeDefinition | undefined;
  history: ChartHistory;
  manager: Pick<FlowManager, 'request'>;
  audit: AuditLog;
  timeoutMs?: number;
}

/**
 * The dashboard API, mounted under `/api` (permissions in `auth/permissions.ts`):
 * - `GET /dashboard/pages`: the pages the caller may open;
 * - `GET /dashboard/pages/:path`: a page, its widgets and their kept chart events;
 * - `POST /dashboard/pages/:path/widgets/:nodeId`: an operator input. The widget node gets
 *   `msg.dashboard { value, user, page }`, checks the value and sends it on with `msg.user`; the
 *   answer is `{ ok: true }`, or 400 with the faults. Every input, taken or refused, is audited.
 * A page limited to roles answers 403 to other roles (admins open every page).
 */
export function dashboardRoutes(options: DashboardRouteOptions): Router {
  const router = Router();
  const pages = () => dashboardPages(options.flows(), options.definition);
  const pageFor = (req: Request): DashboardPage => {
    const page = pages().find((p) => p.info.path === req.params['path']);
    if (!page) throw new UserError('page_not_found', `no dashboard page "${String(req.params['path'])}" is deployed`);
    const who = principalOf(req);
    if (!mayOpen(page.info, who.role))
      throw new UserError(
        'forbidden',
        `${who.username} (role ${who.role}) may not open page "${page.info.path}": it is for ${page.info.roles.join(', ')}`,
      );
    return page;
  };

  router.get('/dashboard/pages', (req, res) => {
    const role = principalOf(req).role;
    const body: DashboardPagesResponse = { pages: pages().flatMap((p) => (mayOpen(p.info, role) ? [p.info] : [])) };
    res.json(body);
  });

  router.get('/dashboard/pages/:path', (req, res) => {
    const page = pageFor(req);
    const who = principalOf(req);
    const history: DashboardPageResponse['history'] = {};
    for (const id of pageNodeIds(page)) history[id] = options.history.events(id);
    const body: DashboardPageResponse = {
      page: page.info,
      widgets: page.widgets,
      history,
      user: { name: who.username, role: who.role, canInput: can(who.role, 'dashboard:input') },
    };
    res.json(body);
  });

  router.post('/dashboard/pages/:path/widgets/:nodeId', async (req, res) => {
    const page = pageFor(req);
    const widget = page.widgets.find((w) => w.id === req.params['nodeId'] && w.input);
    if (!widget)
      throw new UserError('node_not_found', `page "${page.info.path}" has no input widget "${req.params['nodeId']}"`);
    const who = principalOf(req);
    const body: unknown = req.body;
    const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'value') : undefined;
    const answer = await options.manager.request(
      widget.id,
      (replyTo) => ({
        id: newMessageId(),
        payload: value,
        dashboard: { value, user: { name: who.username, role: who.role }, page: page.info.path },
        res: { id: replyTo },
      }),
      options.timeoutMs ?? DASHBOARD_INPUT_TIMEOUT_MS,
    );
    const outcome = readAnswer(answer);
    await options.audit.record({
      action: 'dashboard-input',
      actor: who.username,
      ...ipOf(req),
      details: {
        page: page.info.path,
        widget: widget.id,
        widgetType: widget.type,
        label: widget.config['label'] || widget.name,
        value: auditValue(value),
        accepted: outcome?.ok ?? false,
        ...(outcome?.issues ? { issues: outcome.issues } : {}),
      },
    });
    if (!outcome) throw new OperationalError('flow_timeout', `widget "${widget.id}" did not take the input within 5 s`);
    res.status(outcome.ok ? 200 : 400).json(outcome);
  });
  return router;
}

/** The value as the audit log keeps it: whole when small, else the start of its JSON. */
function auditValue(value: unknown): unknown {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length <= AUDIT_VALUE_CHARS ? value : `${json.slice(0, AUDIT_VALUE_CHARS)}… (${json.length} characters)`;
}

function readAnswer(answer: unknown): DashboardInputResponse | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const ok = Reflect.get(answer, 'ok');
  const issues: unknown = Reflect.get(answer, 'issues');
  if (typeof ok !== 'boolean') return undefined;
  return {
    ok,
    ...(Array.isArray(issues)
      ? {
          issues: issues.map((i: unknown) => ({
            field: String(typeof i === 'object' && i !== null ? Reflect.get(i, 'field') : ''),
            message: String(typeof i === 'object' && i !== null ? Reflect.get(i, 'message') : ''),
          })),
        }
      : {}),
  };
}
