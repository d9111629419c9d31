import type { ChartEvent, DashboardInputResponse } from '@millwright/model';
import { catalogEntry, NodeRegistry, testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { nodes } from './index.js';
import uiDropdown from './ui-dropdown/index.js';
import uiForm from './ui-form/index.js';
import uiValue from './ui-value/index.js';

let h: NodeHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const USER = { name: 'olga', role: 'operator' };
const widgetEvents = (harness: NodeHarness) =>
  harness.events.filter((e): e is ChartEvent => e.type === 'chart' && e.kind === 'widget');

describe('@millwright/nodes-dashboard', () => {
  it('registers a page config node and widgets whose schemas give the editor a form', () => {
    const registry = new NodeRegistry(nodes);
    for (const def of nodes) {
      expect(registry.definition(def.type)).toBe(def);
      expect(catalogEntry(def).configSchema).toMatchObject({ type: 'object' });
    }
    expect(nodes.find((n) => n.type === 'ui-page')?.isConfig).toBe(true);
    // Every widget names its page; the page's path is a URL segment.
    for (const def of nodes.filter((n) => n.type !== 'ui-page'))
      expect(def.config.safeParse({}).success, def.type).toBe(false);
    const page = nodes.find((n) => n.type === 'ui-page');
    expect(page?.config.safeParse({ path: 'Line 1', title: 't' }).success).toBe(false);
    expect(page?.config.safeParse({ path: 'line1', title: 'Line 1' }).success).toBe(true);
  });

  it('a value tile publishes the value at its property, only for its topic', async () => {
    h = await testNode(uiValue, { config: { page: 'p', property: 'payload.t', topic: 'temp' } });
    h.input({ topic: 'pressure', payload: { t: 1 } });
    h.input({ topic: 'temp', payload: { t: 71.5 } });
    await h.waitForEvent((e) => e.type === 'chart');
    await h.idle();
    expect(widgetEvents(h).map((e) => e.data)).toEqual([{ value: 71.5, topic: 'temp' }]);
  });

  it('a form refuses invalid values (nothing sent) and sends valid ones with the operator', async () => {
    const answers: Array<[string, unknown]> = [];
    h = await testNode(uiForm, {
      config: {
        page: 'p',
        topic: 'scrap',
        fields: [
          { name: 'quantity', type: 'number', required: true, min: 1, max: 100 },
          { name: 'reason', type: 'select', required: true, options: [{ value: 'burr' }, { value: 'crack' }] },
        ],
      },
      respond: (replyTo, answer) => answers.push([replyTo, answer]),
    });
    h.input({ dashboard: { value: { quantity: '0', reason: 'dent' }, user: USER, page: 'op' }, res: { id: 'r1' } });
    h.input({ dashboard: { value: { quantity: '3', reason: 'burr' }, user: USER, page: 'op' }, res: { id: 'r2' } });
    const [sent] = await h.next(1);
    expect(sent).toMatchObject({
      topic: 'scrap',
      payload: { quantity: 3, reason: 'burr' },
      user: USER,
      dashboard: { page: 'op', widget: h.nodeId },
    });
    expect(answers).toEqual([
      [
        'r1',
        {
          ok: false,
          issues: [
            { field: 'quantity', message: 'quantity must be ≥ 1' },
            { field: 'reason', message: 'reason: choose one of the listed values' },
          ],
        } satisfies DashboardInputResponse,
      ],
      ['r2', { ok: true }],
    ]);
    expect(h.outputs(h.nodeId)).toHaveLength(1);
  });

  it('a dropdown sends only listed values; a message not from the dashboard route is ignored', async () => {
    const answers: unknown[] = [];
    h = await testNode(uiDropdown, {
      config: { page: 'p', topic: 'shift', options: [{ value: 'early' }, { value: 'late' }] },
      respond: (_replyTo, answer) => answers.push(answer),
    });
    h.input({ payload: 'late' }); // wired input, no operator: nothing
    h.input({ dashboard: { value: 'night', user: USER, page: 'op' }, res: { id: 'r1' } });
    h.input({ dashboard: { value: 'late', user: USER, page: 'op' }, res: { id: 'r2' } });
    const [sent] = await h.next(1);
    expect(sent).toMatchObject({ topic: 'shift', payload: 'late', user: USER });
    expect(answers).toEqual([
      { ok: false, issues: [{ field: 'value', message: 'choose one of the listed values' }] },
      { ok: true },
    ]);
    await h.idle();
    expect(h.outputs(h.nodeId)).toHaveLength(1);
  });
});
