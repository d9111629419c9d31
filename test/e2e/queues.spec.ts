import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Flow } from '@millwright/model';
import { expect, test } from './fixtures.js';

/** A local server that answers `status.code` and records the bodies it got. */
async function startServer(): Promise<{ server: Server; url: string; status: { code: number }; bodies: string[] }> {
  const status = { code: 422 };
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(status.code, { 'content-type': 'application/json' }).end('{"code":"unknown_order"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, status, bodies };
}

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y: number) => ({
  id,
  type,
  typeVersion: 1,
  name: id,
  config,
  position: { x, y },
});

/** Two http-request POSTs with store-and-forward: one to the server (422 at first), one to a closed port. */
function flow(serverUrl: string): Flow {
  return {
    version: 1,
    id: 'queues',
    name: 'Line 1 to ERP',
    nodes: [
      node('report', 'inject', { payloadType: 'json', payload: '{"order":"WO-9"}' }, 100, 100),
      node('post-order', 'http-request', { method: 'POST', url: `${serverUrl}/orders` }, 350, 100),
      node('tick', 'inject', { payloadType: 'json', payload: '{"count":1}' }, 100, 250),
      node(
        'post-count',
        'http-request',
        { method: 'POST', url: 'http://127.0.0.1:9/down', baseDelayMs: 5_000 },
        350,
        250,
      ),
    ],
    wires: [
      { from: { node: 'report', port: 0 }, to: { node: 'post-order', port: 0 } },
      { from: { node: 'tick', port: 0 }, to: { node: 'post-count', port: 0 } },
    ],
  };
}

test.describe('store-and-forward queues screen', () => {
  test.use({ runtimeDemo: false });

  test('lists each queue with depth and dead letters; replays and discards dead letters', async ({ page, runtime }) => {
    const erp = await startServer();
    try {
      const deploy = await fetch(`${runtime.url}/api/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ flows: [flow(erp.url)], mode: 'full' }),
      });
      expect(deploy.status).toBe(200);
      const inject = async (id: string) =>
        expect((await fetch(`${runtime.url}/api/inject/${id}`, { method: 'POST' })).status).toBe(200);
      await inject('report');
      await inject('tick');
      await inject('tick');
      await expect.poll(() => erp.bodies.length).toBe(1); // answered 422: a dead letter

      // The same queues in /metrics.
      await expect
        .poll(async () => (await (await fetch(`${runtime.url}/metrics`)).text()).split('\n'))
        .toEqual(
          expect.arrayContaining([
            'millwright_outbox_depth{node="post-count",type="http-request"} 2',
            'millwright_outbox_dead_letters{node="post-order",type="http-request"} 1',
            'millwright_outbox_dead_lettered_total{node="post-order",type="http-request"} 1',
          ]),
        );

      await page.goto(runtime.url);
      await expect(page.getByTestId('connection')).toHaveText('Live');
      await expect(page.getByTestId('queues-dead-count')).toHaveText('1'); // the header tells before opening
      await page.getByTestId('open-queues').click();
      const dialog = page.getByTestId('queues-dialog');
      await expect(dialog).toBeVisible();
      const order = dialog.locator('[data-testid="queue-row"][data-node-id="post-order"]');
      const count = dialog.locator('[data-testid="queue-row"][data-node-id="post-count"]');
      await expect(count.getByTestId('queue-depth')).toHaveText('2');
      await expect(count).toContainText('Line 1 to ERP');
      await expect(count).toContainText('cannot reach');
      await expect(order.getByTestId('queue-depth')).toHaveText('0');
      await expect(order.getByTestId('queue-dead')).toHaveText('1');
      await dialog.screenshot({ path: 'test-results/screenshots/queues.png' });

      // Replay: the server accepts now, the request goes out again and the dead letter is gone.
      await order.getByTestId('queue-show-dead').click();
      const letters = dialog.getByTestId('dead-letter');
      await expect(letters).toHaveCount(1);
      await expect(letters.first()).toContainText('HTTP 422');
      await expect(letters.first()).toContainText('WO-9');
      erp.status.code = 200;
      await letters.first().getByTestId('replay-one').click();
      await expect.poll(() => erp.bodies.length).toBe(2);
      expect(erp.bodies[1]).toBe('{"order":"WO-9"}');
      await expect(order.getByTestId('queue-dead')).toHaveText('0');

      // Discard: another 422, thrown away from the screen.
      erp.status.code = 422;
      await inject('report');
      await expect(order.getByTestId('queue-dead')).toHaveText('1');
      await order.getByTestId('queue-show-dead').click();
      await dialog.getByTestId('discard-all').click();
      await expect(order.getByTestId('queue-dead')).toHaveText('0');
      expect(erp.bodies).toHaveLength(3);
      await expect(page.getByTestId('queues-dead-count')).toBeHidden({ timeout: 15_000 });
    } finally {
      await new Promise((r) => erp.server.close(r));
    }
  });
});
