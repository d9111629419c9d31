import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { FlowMessage } from '@millwright/model';
import { testNode, type AnyNodeDefinition } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import batch from '../../nodes/core/batch/index.js';
import trigger from '../../nodes/core/trigger/index.js';
import filter from '../../nodes/core/filter/index.js';
import json from '../../nodes/core/json/index.js';
import range from '../../nodes/core/range/index.js';
import sort from '../../nodes/core/sort/index.js';
import xml from '../../nodes/core/xml/index.js';
import yaml from '../../nodes/core/yaml/index.js';
import { CONVERTERS } from '../../runtime/src/import/node-red/converters/index.js';
import type { NodeRedNode } from '../../runtime/src/import/node-red/types.js';

// Side by side at node level: Node-RED's own node code (from @node-red/nodes, the version the
// node-red devDependency ships) and the Millwright node, configured by the importer from the same
// Node-RED config, get the same messages; their outputs are compared field by field. Node-RED's
// node runs on a minimal RED object (createNode, registerType, util), as node-red-node-test-helper does.
const require = createRequire(import.meta.url);
const NODES_DIR = '@node-red/nodes/core';
const { util } = require('@node-red/util') as { util: Record<string, unknown> };

type Msg = Record<string, unknown>;
interface RedResult {
  sent: Msg[];
  failed: number;
}

/** Runs Node-RED's node `file` with config `n` over `inputs`; counts done(err) and warnings as failures. */
async function runNodeRed(file: string, n: Msg, inputs: Msg[], settleMs = 0): Promise<RedResult> {
  let Ctor: (new (n: Msg) => EventEmitter) | undefined;
  const RED = {
    util,
    settings: {},
    _: (key: string) => key,
    nodes: {
      createNode(node: EventEmitter & Msg, config: Msg) {
        EventEmitter.call(node);
        Object.setPrototypeOf(Object.getPrototypeOf(node), EventEmitter.prototype);
        node['id'] = config['id'];
        node['status'] = () => {};
      },
      registerType(_name: string, ctor: new (n: Msg) => EventEmitter) {
        Ctor = ctor;
      },
    },
  };
  (require(`${NODES_DIR}/${file}`) as (red: unknown) => void)(RED);
  if (!Ctor) throw new Error(`${file} registered no type`);
  const result: RedResult = { sent: [], failed: 0 };
  const node = new Ctor({ id: 'n1', ...n }) as EventEmitter & Msg;
  const push = (out: unknown) => {
    for (const m of Array.isArray(out) ? out.flat() : [out]) if (m) result.sent.push(m as Msg);
  };
  node['send'] = push;
  // range reports a value that is not a number with node.log: a failure too.
  node['log'] = () => result.failed++;
  node['warn'] = () => result.failed++;
  node['error'] = () => result.failed++;
  for (const msg of inputs) {
    await new Promise<void>((resolve) => {
      let settled = false;
      const done = (err?: unknown) => {
        if (err) result.failed++;
        if (settled) return;
        settled = true;
        resolve();
      };
      node.emit('input', { _msgid: (util['generateId'] as () => string)(), ...structuredClone(msg) }, push, done);
      // rbe takes only msg (Node-RED's runtime then calls done) and batch holds messages: do not wait.
      setTimeout(() => done(), 5);
    });
  }
  await sleep(settleMs);
  node.emit('close', () => {});
  return result;
}

/** The Millwright node configured by the importer from Node-RED config `n`, over `inputs`. */
async function runMillwright(def: AnyNodeDefinition, nrType: string, n: Msg, inputs: Msg[], settleMs = 0) {
  const outcome = CONVERTERS[nrType]?.convert(
    { id: 'n1', type: nrType, z: 't', x: 0, y: 0, wires: [[]], ...n } as NodeRedNode,
    {
      node: () => undefined,
      groupMembers: () => [],
      idOf: (id) => id,
      sources: () => [],
    },
  );
  if (!outcome || 'unsupported' in outcome) throw new Error(`not converted: ${JSON.stringify(outcome)}`);
  expect(outcome.type).toBe(def.type);
  const h = await testNode(def, { config: outcome.config });
  for (const msg of inputs) h.input(structuredClone(msg) as Partial<FlowMessage>);
  await h.idle();
  await sleep(settleMs);
  const sent = h.outputs(h.nodeId) as unknown as Msg[];
  const failed = h.errors().length;
  await h.stop();
  return { sent, failed };
}

/** What is compared: the payload, the topic, and a sequence position. */
const view = (m: Msg) => {
  const parts = m['parts'] as { index?: number; count?: number } | undefined;
  return {
    payload: m['payload'],
    ...(m['topic'] !== undefined ? { topic: m['topic'] } : {}),
    ...(parts ? { index: parts.index, count: parts.count } : {}),
  };
};

async function sideBySide(file: string, def: AnyNodeDefinition, nrType: string, n: Msg, inputs: Msg[], settleMs = 0) {
  const red = await runNodeRed(file, n, inputs, settleMs);
  const mw = await runMillwright(def, nrType, n, inputs, settleMs);
  expect(red.sent.length).toBeGreaterThan(0);
  expect(mw.sent.map(view)).toEqual(red.sent.map(view));
  // Node-RED logs, warns or calls done(err) where Millwright raises a coded error: same count.
  expect(mw.failed).toBe(red.failed);
  return mw;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const values = (...v: unknown[]) => v.map((payload) => ({ payload }));

describe('Node-RED core nodes and their Millwright counterparts, side by side', () => {
  it.each([
    ['deadband 2', { func: 'deadband', gap: '2' }, values(10, 11, 12, 12.5, 15, '13.5', 9)],
    ['deadbandEq 2, last input', { func: 'deadbandEq', gap: '2', inout: 'in' }, values(10, 11, 12, 14, 20, 21)],
    ['deadband 10 %', { func: 'deadband', gap: '10%' }, values(100, 109, 111, 121, 123, 0, 1)],
    ['narrowband 5', { func: 'narrowband', gap: '5' }, values(20, 22, 40, 27, 33, 30)],
    ['narrowband 5 from 50', { func: 'narrowband', gap: '5', start: '50' }, values(20, 48, 55, 53)],
    ['narrowbandEq 5', { func: 'narrowbandEq', gap: '5' }, values(20, 25, 24, 19.5)],
    [
      'rbe per topic with reset',
      { func: 'rbe' },
      [
        { topic: 'a', payload: 1 },
        { topic: 'b', payload: 1 },
        { topic: 'a', payload: 1 },
        { topic: 'a', payload: { x: [1] } },
        { topic: 'a', payload: { x: [1] } },
        { reset: true },
        { topic: 'b', payload: 1 },
      ],
    ],
    ['rbei', { func: 'rbei' }, values(1, 1, 2, 2, 'x', 'x')],
    ['deadband with a text value', { func: 'deadband', gap: '1' }, values(1, 'hot', 3)],
  ])('rbe: %s', async (_name, n, inputs) => {
    await sideBySide('function/rbe.js', filter, 'rbe', n, inputs);
  });

  it.each([
    [
      'scale',
      { minin: '4', maxin: '20', minout: '0', maxout: '100', action: 'scale' },
      values(4, 12, 20, '8', 24, 'x'),
    ],
    ['clamp', { minin: '0', maxin: '100', minout: '0', maxout: '90', action: 'clamp' }, values(-5, 50, 150)],
    ['drop', { minin: '0', maxin: '10', minout: '0', maxout: '1', action: 'drop' }, values(-1, 5, 11)],
    [
      'roll, round',
      { minin: '0', maxin: '9', minout: '0', maxout: '90', action: 'roll', round: true },
      values(12, -3, 9.5),
    ],
    ['reversed', { minin: '10', maxin: '0', minout: '0', maxout: '100', action: 'clamp' }, values(2, -1, 12)],
  ])('range: %s', async (_name, n, inputs) => {
    await sideBySide('function/16-range.js', range, 'range', n, inputs);
  });

  it.each([
    [
      'ascending',
      { targetType: 'msg', target: 'payload', msgKeyType: 'elem', order: 'ascending' },
      values([3, 1, 10, 2], ['b', 'a', 'C']),
    ],
    [
      'descending as numbers',
      { targetType: 'msg', target: 'payload', msgKeyType: 'elem', order: 'descending', as_num: true },
      values(['10', '9', '1']),
    ],
    [
      'a sequence by payload',
      { targetType: 'seq', seqKey: 'payload', seqKeyType: 'msg', order: 'ascending' },
      [3, 1, 2].map((payload, index) => ({ payload, parts: { id: 'A', index, count: 3 } })),
    ],
  ])('sort: %s', async (_name, n, inputs) => {
    await sideBySide('sequence/18-sort.js', sort, 'sort', n, inputs);
  });

  it.each([
    ['count 2', { mode: 'count', count: '2', overlap: 0 }, values(1, 2, 3, 4, 5)],
    ['count 3 overlap 1', { mode: 'count', count: '3', overlap: '1' }, values(1, 2, 3, 4, 5, 6, 7)],
    [
      'concat',
      { mode: 'concat', topics: [{ topic: 'NEG' }, { topic: 'POS' }] },
      [
        { topic: 'POS', payload: 1, parts: { id: 'p', index: 0, count: 1 } },
        { topic: 'NEG', payload: -1, parts: { id: 'n', index: 0, count: 2 } },
        { topic: 'NEG', payload: -2, parts: { id: 'n', index: 1, count: 2 } },
      ],
    ],
  ])('batch: %s', async (_name, n, inputs) => {
    const mw = await sideBySide('sequence/19-batch.js', batch, 'batch', n, [...inputs, { reset: true }]);
    expect(mw.sent.length).toBeGreaterThan(0);
  });

  it.each([
    ['auto', { action: '' }, values('{"a":[1,2]}', { b: true }, 5, '{bad')],
    ['to object', { action: 'obj' }, values('{"a":1}', { a: 1 })],
    ['to string, pretty', { action: 'str', pretty: true }, values('{"a":1}', { a: [1, { b: 2 }] })],
  ])('json: %s', async (_name, n, inputs) => {
    await sideBySide('parsers/70-JSON.js', json, 'json', n, inputs);
  });

  it.each([
    ['1 then 0', { op1: '1', op2: '0', op1type: 'str', op2type: 'str', duration: '60', units: 'ms' }],
    ['original then latest', { op1type: 'pay', op2type: 'payl', duration: '60', units: 'ms' }],
    ['nothing, then a number, extended', { op1type: 'nul', op2: '7', op2type: 'num', duration: '60', extend: true }],
    [
      'per topic, mustache',
      { op1: 'on {{payload}}', op1type: 'str', op2type: 'pay', duration: '60', bytopic: 'topic' },
    ],
    ['wait for reset, reset payload', { op1type: 'pay', op2type: 'nul', duration: '0', reset: 'stop' }],
  ])('trigger: %s', async (_name, n) => {
    const inputs = [
      { topic: 'a', payload: 'x' },
      { topic: 'b', payload: 'y' },
      { topic: 'a', payload: 'stop' },
      { topic: 'a', payload: 'z' },
    ];
    await sideBySide('function/89-trigger.js', trigger, 'trigger', { units: 'ms', ...n }, inputs, 120);
  });

  it('xml: both ways', async () => {
    const doc =
      '<order id="42"><item qty="2">bolt &amp; nut</item><item>washer</item><note><![CDATA[<x>]]></note><empty/></order>';
    await sideBySide(
      'parsers/70-XML.js',
      xml,
      'xml',
      { attr: '', chr: '' },
      values(doc, { a: { $: { k: 'v' }, b: [1, 'x<y'] } }, '<a><b></a>'),
    );
  });

  it('xml: msg.options.explicitArray false', async () => {
    const doc = '<fruit id="1"><kind>Apple</kind><tag>a</tag><tag>b</tag><e/></fruit>';
    await sideBySide('parsers/70-XML.js', xml, 'xml', {}, [{ payload: doc, options: { explicitArray: false } }]);
  });

  // Known difference: js-yaml quotes keys YAML 1.1 reads as booleans (`'n':`, `'y':`); the yaml
  // library (YAML 1.2) does not. Both parse back to the same value.
  it('yaml: both ways', async () => {
    await sideBySide(
      'parsers/70-YAML.js',
      yaml,
      'yaml',
      {},
      values('a: 1\nb: [x, y]\nc: {d: null}\n', { s: 'S1', t: [1, 2], nested: { m: true } }, 'a: [1'),
    );
  });
});
