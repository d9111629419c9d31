import type { Flow } from '@millwright/model';
import { startNatsCluster, type NatsCluster } from '../../runtime/src/testing/nats-cluster.js';
import { expect, test } from './fixtures.js';
import { startRuntime, type RuntimeProcess } from './runtime-process.js';

const flow: Flow = {
  version: 1,
  id: 'opc-line-1',
  name: 'OPC UA line 1',
  placement: { mode: 'once', labels: { line: '1' } },
  nodes: [],
  wires: [],
};

test.describe('fleet view of a cluster', () => {
  test.use({ runtimeDemo: false });

  test('a single runtime shows no Cluster button', async ({ page, editor }) => {
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/cluster'));
    await page.reload();
    expect((await answer).status()).toBe(404);
    await expect(editor.page.getByTestId('open-queues')).toBeVisible();
    await expect(page.getByTestId('open-fleet')).toHaveCount(0);
  });

  test.describe('with NATS', () => {
    let nats: NatsCluster;
    let runtime: RuntimeProcess | undefined;
    test.beforeAll(async () => {
      nats = await startNatsCluster(1);
    });
    test.afterAll(async () => {
      await nats?.stop();
    });
    test.afterEach(async () => {
      await runtime?.stop();
      runtime = undefined;
    });

    test('lists the runtime with its labels and the flow placement; the flow settings edit the placement', async ({
      page,
    }) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      runtime = await startRuntime({
        args: [
          '--cluster',
          nats.urls[0]!,
          '--cluster-name',
          'e2e',
          '--cluster-id',
          'rt-e2e',
          '--labels',
          'line=1,site=lyon',
        ],
      });
      const deploy = await fetch(`${runtime.url}/api/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ flows: [flow], mode: 'full' }),
      });
      expect(deploy.status).toBe(200);

      await page.goto(runtime.url);
      await expect(page.getByTestId('connection')).toHaveText('Live');
      await page.getByTestId('open-fleet').click();
      const dialog = page.getByTestId('fleet-dialog');
      await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('Fleet: cluster e2e');
      await expect(dialog.getByTestId('fleet-disconnected')).toHaveCount(0);

      const row = dialog.locator('[data-testid="fleet-runtime"][data-runtime-id="rt-e2e"]');
      await expect(row).toContainText('rt-e2e');
      await expect(row.getByTestId('fleet-self')).toHaveText('this runtime');
      await expect(row.getByTestId('label-chip')).toHaveText(['line=1', 'site=lyon']);
      await expect(row.getByTestId('fleet-health')).toBeVisible();
      await expect(row.getByTestId('fleet-stale')).toHaveCount(0);
      // The runtime takes the flow's lease and runs it.
      const flowRow = dialog.locator('[data-testid="fleet-flow"][data-flow-id="opc-line-1"]');
      await expect(flowRow).toContainText('OPC UA line 1');
      await expect(flowRow.getByTestId('fleet-mode')).toContainText('once');
      await expect(flowRow.getByTestId('label-chip')).toHaveText(['line=1']);
      await expect(flowRow.getByTestId('fleet-holder')).toHaveText('rt-e2e');
      await expect(row.getByTestId('fleet-flows')).toContainText('1 · OPC UA line 1');
      await dialog.getByRole('button', { name: 'Close' }).click();

      // Flow settings: every matching runtime, on line 2.
      const labels = page.getByTestId('flow-placement-labels');
      await expect(labels).toHaveValue('line=1');
      await page.getByTestId('flow-placement-mode').selectOption('all');
      await labels.fill('line');
      await expect(page.getByTestId('flow-placement-error')).toHaveText('"line" is not name=value');
      await labels.fill('line=2, zone=a');
      await expect(page.getByTestId('flow-placement-error')).toHaveCount(0);
      await page.getByTestId('deploy').click();
      await expect(page.getByTestId('dirty-indicator')).toHaveText('All changes deployed');
      expect((await runtime.flows()).flows[0]?.placement).toEqual({ mode: 'all', labels: { line: '2', zone: 'a' } });

      await page.getByTestId('open-fleet').click();
      await expect(flowRow.getByTestId('fleet-mode')).toContainText('all');
      await expect(flowRow.getByTestId('label-chip')).toHaveText(['line=2', 'zone=a']);
      await expect(flowRow.getByTestId('fleet-holder')).toHaveText('no matching runtime');
      await expect(row.getByTestId('fleet-flows')).toHaveText('0');
      expect(errors, 'uncaught errors in the page').toEqual([]);
    });
  });

  test('warns when the runtime cannot reach NATS (route intercept)', async ({ page, runtime }) => {
    const now = Date.now();
    await page.route('**/api/cluster', (route) =>
      route.fulfill({
        json: {
          cluster: 'plant',
          self: 'rt-a',
          connected: false,
          revision: 'r2',
          runtimes: [
            {
              id: 'rt-a',
              labels: {},
              version: '0.1.0',
              startedAt: now - 60_000,
              flows: [],
              leases: [],
              revision: 'r2',
              at: now,
            },
            {
              id: 'rt-b',
              labels: { line: '2' },
              version: '0.1.0',
              startedAt: now - 60_000,
              flows: [],
              leases: [],
              revision: 'r1',
              at: now - 30_000,
            },
          ],
          placement: [],
        },
      }),
    );
    await page.goto(runtime.url);
    await page.getByTestId('open-fleet').click();
    const dialog = page.getByTestId('fleet-dialog');
    await expect(dialog.getByTestId('fleet-disconnected')).toHaveText('NATS unreachable: running the last known flows');
    const b = dialog.locator('[data-testid="fleet-runtime"][data-runtime-id="rt-b"]');
    await expect(b.getByTestId('fleet-stale')).toBeVisible();
    await expect(b.getByTestId('fleet-revision-differs')).toBeVisible();
    await expect(dialog.locator('[data-runtime-id="rt-a"]').getByTestId('fleet-revision-differs')).toHaveCount(0);
    await expect(dialog.getByTestId('fleet-no-flows')).toBeVisible();
  });
});
