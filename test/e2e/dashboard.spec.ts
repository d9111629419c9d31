import { createServer } from 'node:net';
import type { AuditEntry, ChartSnapshot, DashboardInputResponse, LoginResponse, OeeChartData } from '@millwright/model';
import { expect, test, type Page } from '@playwright/test';
import { startRuntime, type RuntimeProcess } from './runtime-process.js';

/**
 * The demo plant's dashboards in Chromium, against one runtime with the demo (sim PLC, MQTT, ERP)
 * that requires a token, with a viewer and an operator user. The last test restarts the runtime.
 */
const ADMIN = 'e2e-dashboard-admin-token-0123456789';
const PASSWORD = 'line-one-password-42';
const SHOTS = 'test-results/dashboard';

let runtime: RuntimeProcess | undefined;
let erpPort: number;
const tokens: Record<'viewer' | 'operator', string> = { viewer: '', operator: '' };

function rt(): RuntimeProcess {
  if (!runtime) throw new Error('the runtime did not start');
  return runtime;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function api<T>(path: string, init: { token?: string; method?: string; body?: unknown } = {}) {
  const res = await fetch(`${rt().url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? ADMIN}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function start(port = 0): Promise<void> {
  erpPort = await freePort();
  runtime = await startRuntime({
    token: ADMIN,
    demo: true,
    port,
    args: ['--demo-opcua-port', '0', '--demo-mqtt-port', '0', '--demo-erp-port', String(erpPort)],
  });
}

async function openPage(page: Page, path: string, token: string): Promise<void> {
  await page.goto(`${rt().url}/dashboard/${path}${path.includes('?') ? '&' : '?'}token=${token}`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await start();
  for (const role of ['viewer', 'operator'] as const) {
    expect(
      (await api('/api/users', { method: 'POST', body: { username: `${role}1`, password: PASSWORD, role } })).status,
    ).toBe(201);
    const login = await api<LoginResponse>('/api/auth/login', {
      method: 'POST',
      body: { username: `${role}1`, password: PASSWORD },
    });
    tokens[role] = login.body.token;
  }
});

test.afterAll(async () => {
  await runtime?.stop();
});

test('the supervisor page shows what the flows compute, live, at 1920×1080 and 1024×600', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openPage(page, 'line1', tokens.viewer);
  await expect(page.getByTestId('page-title')).toHaveText('Line 1');
  await expect(page.getByTestId('dash-user')).toHaveAttribute('data-role', 'viewer');
  await expect(page.getByTestId('connection')).toHaveText('Live');
  // The OEE tile shows the newest record demo-oee published (every 2 s), the same the editor's chart gets.
  const oee = page.getByTestId('widget-sup-oee').getByTestId('oee-oee');
  await expect
    .poll(
      async () => {
        const snap = await api<ChartSnapshot>('/api/charts/demo-oee', { token: tokens.viewer });
        const last = snap.body.events.at(-1);
        const computed = last?.kind === 'oee' ? (last.data satisfies OeeChartData).oee : undefined;
        const shown = await oee.getAttribute('data-value').catch(() => null);
        return computed !== undefined && computed !== null && shown !== null && Number(shown) === computed;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  // Live: the machine is running an order from the sim ERP, and the part count grows on the chart.
  await expect(page.getByTestId('widget-sup-state').getByTestId('widget-state')).toHaveAttribute(
    'data-state',
    /running|idle|down/,
  );
  await expect(page.getByTestId('widget-sup-order').getByTestId('widget-value')).toHaveText(/^WO-\d+$/);
  const good = page.getByTestId('widget-sup-good').locator('path[data-series="good"]');
  const before = Number(await good.getAttribute('data-points'));
  await expect
    .poll(async () => Number(await good.getAttribute('data-points')), { timeout: 10_000 })
    .toBeGreaterThan(before);
  // The time axis names local clock times (HH:MM, or HH:MM:SS for a short window).
  const ticks = page.getByTestId('widget-sup-good').getByTestId('time-tick');
  await expect(ticks.first()).toHaveText(/^\d\d:\d\d(:\d\d(\.\d)?)?$/);
  expect(await ticks.count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('widget-sup-spc').getByTestId('chart-point').first()).toBeVisible();
  await expect(page.getByTestId('widget-sup-output').getByTestId('bar')).toHaveCount(2);
  await expect(page.getByTestId('widget-sup-temp').getByTestId('widget-value')).toHaveText(/^\d+\.\d$/);
  await expect(page.getByTestId('widget-sup-state').getByTestId('state-timeline')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/line1-1920x1080.png` });
  await page.setViewportSize({ width: 1024, height: 600 });
  // Nothing sticks out sideways on a line-side panel.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024);
  await page.screenshot({ path: `${SHOTS}/line1-1024x600.png` });
});

test('the operator stops the line with a reason and starts it, and records scrap: it reaches the ERP and the audit log', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  await openPage(page, 'line1-operator', tokens.operator);
  await expect(page.getByTestId('connection')).toHaveText('Live');
  // Stop with a reason: written to the sim PLC, the machine goes down with that reason, and the OEE
  // record counts the downtime under it (what the supervisor's Pareto draws); start resumes.
  const lamp = page.getByTestId('widget-op-state').getByTestId('widget-state');
  const stop = page.getByTestId('widget-op-stop');
  await stop.getByTestId('field-reason').selectOption('maintenance');
  await stop.getByTestId('form-submit').click();
  await page.getByTestId('confirm-yes').click();
  await expect(lamp).toHaveAttribute('data-state', 'down');
  await expect(lamp).toContainText('Maintenance');
  await expect
    .poll(
      async () => {
        const last = (await api<ChartSnapshot>('/api/charts/demo-oee')).body.events.at(-1);
        return last?.kind === 'oee' && last.data.losses.some((l) => l.reason === 'Maintenance' && l.durationMs > 0);
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  await page.getByTestId('widget-op-start').getByTestId('widget-button').click();
  await page.getByTestId('confirm-yes').click();
  await expect(lamp).not.toContainText('Maintenance');
  await expect(lamp).toHaveAttribute('data-state', /running|idle/);
  // The operator log pages by 5 (newest first): four more starts make six rows, the stop on page 2.
  // One at a time: a widget's values coalesce to the newest within 100 ms.
  const log = page.getByTestId('widget-op-log');
  for (let i = 0; i < 4; i++) {
    const sent = await api('/api/dashboard/pages/line1-operator/widgets/op-start', {
      token: tokens.operator,
      method: 'POST',
      body: {},
    });
    expect(sent.status).toBe(200);
    if (i < 3) await expect(log.getByTestId('table-row')).toHaveCount(3 + i);
  }
  await expect(log.getByTestId('table-page')).toHaveText('1 / 2');
  await expect(log.getByTestId('table-row')).toHaveCount(5);
  await log.getByRole('button', { name: '›' }).click();
  await expect(log.getByTestId('table-page')).toHaveText('2 / 2');
  await expect(log.getByTestId('table-row')).toHaveCount(1);
  await expect(log.getByTestId('table-row')).toContainText('maintenance');
  const form = page.getByTestId('widget-op-scrap');
  // Checked in the page as the node checks it: nothing is sent.
  await form.getByTestId('field-quantity').fill('0');
  await form.getByTestId('form-submit').click();
  await expect(form.getByTestId('fault-quantity')).toHaveText('Quantity must be ≥ 1');
  await expect(form.getByTestId('fault-reason')).toHaveText('Reason is required');
  await form.getByTestId('field-quantity').fill('3');
  await form.getByTestId('field-reason').selectOption('crack');
  await form.getByTestId('form-submit').click();
  await expect(form.getByTestId('input-sent')).toBeVisible();
  await expect(page.getByTestId('widget-op-scrap-log').getByTestId('table-row').first()).toContainText('crack');
  await page.screenshot({ path: `${SHOTS}/line1-operator-1024x600.png` });

  const order = await page.getByTestId('widget-op-order').getByTestId('widget-value').textContent();
  await expect
    .poll(
      async () => {
        const res = await fetch(`http://127.0.0.1:${erpPort}/api/_received`);
        const body = (await res.json()) as {
          reports: Array<{ performanceIds: string[]; workOrderIds: string[]; xml: string }>;
        };
        return body.reports
          .filter((r) => r.performanceIds.some((id) => id.startsWith('SCRAP-')))
          .map((r) => ({
            order: r.workOrderIds[0],
            scrap: /<Key>Scrap<\/Key>/.test(r.xml) && />3<\/QuantityString>/.test(r.xml),
            reason: r.xml.includes('crack (entered by operator1)'),
          }));
      },
      { timeout: 10_000 },
    )
    .toEqual([{ order, scrap: true, reason: true }]);
  const audit = await api<AuditEntry[]>('/api/audit');
  expect(audit.body.find((e) => e.action === 'dashboard-input')).toMatchObject({
    actor: 'operator1',
    details: { page: 'line1-operator', widget: 'op-scrap', value: { quantity: 3, reason: 'crack' }, accepted: true },
  });
  // A hand-made request outside the form's rules: the widget refuses it, nothing is sent, and it is audited.
  const refused = await api<DashboardInputResponse>('/api/dashboard/pages/line1-operator/widgets/op-scrap', {
    token: tokens.operator,
    method: 'POST',
    body: { value: { quantity: 5000, reason: 'crack' } },
  });
  expect(refused).toEqual({
    status: 400,
    body: { ok: false, issues: [{ field: 'quantity', message: 'Quantity must be ≤ 1000' }] },
  });
  const after = await api<AuditEntry[]>('/api/audit');
  expect(after.body.find((e) => e.action === 'dashboard-input')?.details).toMatchObject({ accepted: false });
});

test('a viewer cannot press operator buttons, the API refuses, and the operator page is closed to them', async ({
  page,
}) => {
  // The page list offers a viewer the pages they may open.
  await page.goto(`${rt().url}/dashboard/?token=${tokens.viewer}`);
  await expect(page.getByTestId('page-link-line1')).toBeVisible();
  await expect(page.getByTestId('page-link-line1-operator')).toHaveCount(0);
  await page.getByTestId('page-link-line1').click();
  await expect(page.getByTestId('connection')).toHaveText('Live');
  await expect(page.getByTestId('widget-sup-maintenance').getByTestId('widget-button')).toBeDisabled();
  const refused = await api<{ code: string }>('/api/dashboard/pages/line1/widgets/sup-maintenance', {
    token: tokens.viewer,
    method: 'POST',
    body: {},
  });
  expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  // The operator presses it, after confirming.
  const operator = await page.context().browser()!.newPage();
  await openPage(operator, 'line1', tokens.operator);
  await operator.getByTestId('widget-sup-maintenance').getByTestId('widget-button').click();
  await operator.getByTestId('confirm-yes').click();
  await expect(operator.getByTestId('widget-sup-maintenance').getByTestId('input-sent')).toBeVisible();
  await operator.close();
  // line1-operator is for operators only.
  await openPage(page, 'line1-operator', tokens.viewer);
  await expect(page.getByTestId('page-error')).toHaveAttribute('data-status', '403');
  const audit = await api<AuditEntry[]>('/api/audit');
  expect(audit.body.filter((e) => e.action === 'forbidden').map((e) => e.details?.['path'])).toContain(
    '/api/dashboard/pages/line1/widgets/sup-maintenance',
  );
});

test('a kiosk page has no chrome and recovers after the runtime restarts', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  // The service token survives a restart; login tokens of the old data dir would not.
  await openPage(page, 'line1?kiosk=1', ADMIN);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-live', 'true');
  await expect(page.locator('.dash-header')).toHaveCount(0);
  const order = page.getByTestId('widget-sup-order').getByTestId('widget-value');
  await expect(order).toHaveText(/^WO-\d+$/);
  const port = Number(new URL(rt().url).port);
  await rt().stop();
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-live', 'false');
  await expect(page.getByTestId('connection')).toHaveText('Reconnecting…');
  await start(port);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-live', 'true', { timeout: 15_000 });
  await expect(order).toHaveText(/^WO-\d+$/);
  await page.screenshot({ path: `${SHOTS}/line1-kiosk-1024x600.png` });
});
