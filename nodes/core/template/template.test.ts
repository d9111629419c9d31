import type { Flow } from '@millwright/model';
import { defineNode, MemoryContextStore, runFlow, testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import template from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const render = async (config: Record<string, unknown>, msg: Record<string, unknown>, opts = {}) => {
  h = await testNode(template, { config, ...opts });
  h.input(msg);
  const [out] = await h.next();
  return out;
};

describe('template node', () => {
  it('renders message properties into payload by default', async () => {
    const out = await render({}, { payload: 42 });
    expect(out?.payload).toBe('The payload is 42.');
  });

  it('renders nested properties, msg.*, sections and into another property', async () => {
    const out = await render(
      {
        template: 'Order {{payload.order}} ({{msg.topic}}): {{#payload.items}}{{sku}}x{{qty}} {{/payload.items}}',
        property: 'text',
      },
      {
        topic: 'erp/orders',
        payload: {
          order: 'WO-7',
          items: [
            { sku: 'A', qty: 2 },
            { sku: 'B', qty: 1 },
          ],
        },
      },
    );
    expect(out?.['text']).toBe('Order WO-7 (erp/orders): Ax2 Bx1 ');
    expect(out?.payload).toEqual({
      order: 'WO-7',
      items: [
        { sku: 'A', qty: 2 },
        { sku: 'B', qty: 1 },
      ],
    });
  });

  it('reads flow and global context by key, and env', async () => {
    const globalContext = new MemoryContextStore();
    globalContext.set('plant', { name: 'Lyon' });
    const seed = defineNode({
      type: 'seed',
      category: 'test',
      version: 1,
      description: 'sets flow.shift',
      inputs: 0,
      outputs: [],
      config: z.object({}),
      setup: (ctx) => {
        ctx.context.flow.set('shift', 'B');
        return {};
      },
    });
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [
        { id: 's', type: 'seed', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
        {
          id: 't',
          type: 'template',
          typeVersion: 1,
          config: { template: '{{global.plant.name}}/{{flow.shift}}/{{env.LINE}}/[{{flow.missing}}]' },
          position: { x: 0, y: 0 },
        },
      ],
      wires: [],
    };
    const f = await runFlow(flow, [template, seed], { globalContext, env: { LINE: 'L3' } });
    f.send('t', {});
    const [out] = await f.waitForOutputs('t', 1);
    await f.stop();
    expect(out?.payload).toBe('Lyon/B/L3/[]');
  });

  it('HTML-escapes {{x}} like Node-RED, keeps {{{x}}} raw and writes objects as JSON', async () => {
    const out = await render(
      { template: '{{payload.s}} | {{{payload.s}}} | {{payload.o}}' },
      { payload: { s: '<a & "b">', o: { k: 1 } } },
    );
    expect(out?.payload).toBe('&lt;a &amp; &quot;b&quot;&gt; | <a & "b"> | {&quot;k&quot;:1}');
  });

  it('parses JSON output, escaping strings so quotes and newlines stay valid', async () => {
    const out = await render(
      { template: '{"note": "{{payload.note}}", "qty": {{payload.qty}}, "tags": {{payload.tags}}}', format: 'json' },
      { payload: { note: 'say "hi"\nnow', qty: 3, tags: ['a', 'b'] } },
    );
    expect(out?.payload).toEqual({ note: 'say "hi"\nnow', qty: 3, tags: ['a', 'b'] });
  });

  it('reports invalid JSON output via catch with the message, and does not send it', async () => {
    h = await testNode(template, { config: { template: '{"qty": {{payload}}}', format: 'json' } });
    h.input({ payload: 'many' });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({
      msgId: expect.any(String),
      error: { code: 'template_invalid_json', message: expect.stringMatching(/^template output is not valid JSON: /) },
    });
    expect(h.outputs(h.nodeId)).toEqual([]);
  });

  it('parses YAML output (as Node-RED\'s "parsed YAML"), and reports invalid YAML while going on', async () => {
    const out = await render(
      { template: 'line: {{payload}}\nmachines:\n  - press\n  - lathe', format: 'yaml' },
      { payload: 'L1' },
    );
    expect(out?.payload).toEqual({ line: 'L1', machines: ['press', 'lathe'] });
    await h?.stop();
    h = await testNode(template, { config: { template: 'a: [{{payload}}', format: 'yaml' } });
    h.input({ payload: 1 });
    expect(await h.waitForEvent((e) => e.type === 'error')).toMatchObject({
      error: { code: 'template_invalid_yaml', message: expect.stringMatching(/^template output is not valid YAML: /) },
    });
    h.input({ payload: '2]' });
    expect((await h.next())[0]?.payload).toEqual({ a: [2] });
  });

  it('uses plain templates as they are', async () => {
    expect((await render({ template: '{{payload}}', syntax: 'plain' }, { payload: 1 }))?.payload).toBe('{{payload}}');
  });
});

describe('template config', () => {
  const issues = (config: unknown) => template.config.safeParse(config).error?.issues.map((i) => [i.path, i.message]);

  it('parses {}', () => {
    expect(template.config.parse({})).toEqual({
      template: 'The payload is {{payload}}.',
      syntax: 'mustache',
      format: 'text',
      property: 'payload',
    });
  });

  it('rejects unclosed mustache tags and invalid plain JSON at template', () => {
    expect(issues({ template: 'Hello {{#payload}}x' })).toEqual([
      [['template'], expect.stringMatching(/^invalid template: Unclosed section "payload"/)],
    ]);
    expect(issues({ template: '{nope', syntax: 'plain', format: 'json' })?.[0]?.[0]).toEqual(['template']);
    expect(issues({ property: 'a..b' })?.[0]?.[0]).toEqual(['property']);
  });
});
