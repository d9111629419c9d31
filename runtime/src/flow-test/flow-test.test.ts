import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodes as coreNodes } from '@millwright/nodes-core';
import { defineNode, NodeRegistry } from '@millwright/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonReport, junitReport, textReport } from './reporters.js';
import { runFlowTests } from './run-tests.js';

const FLOWS = fileURLToPath(new URL('../../../flows/', import.meta.url));

// Connector look-alikes: the real families are not needed to prove they are replaced, and their
// setup throws so a test fails loudly if the runner ever starts one.
const endpoint = defineNode({
  type: 'opcua-endpoint',
  category: 'config',
  version: 1,
  description: 'fake endpoint',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: z.object({ url: z.string() }),
  setup() {
    throw new Error('the endpoint must not start in a flow test');
  },
});
const connector = (type: string, inputs: 0 | 1) =>
  defineNode({
    type,
    category: 'network',
    version: 1,
    description: type,
    inputs,
    outputs: inputs ? ['out'] : ['data'],
    config: z.object({ endpoint: z.string().meta({ configRef: 'opcua-endpoint' }) }),
    setup() {
      throw new Error(`${type} must not start in a flow test`);
    },
  });
const registry = new NodeRegistry([
  ...coreNodes,
  endpoint,
  connector('opcua-subscribe', 0),
  connector('opcua-read', 1),
]);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-flow-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const node = (id: string, type: string, config: Record<string, unknown>, x = 0) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x, y: 0 },
});

/** PLC reading -> opcua-read (enrich) -> change -> debug, with a catch. */
const plantFlow = {
  version: 1,
  id: 'oven',
  name: 'Oven',
  configs: [{ id: 'plc', type: 'opcua-endpoint', typeVersion: 1, config: { url: 'opc.tcp://127.0.0.1:4840' } }],
  nodes: [
    node('sub', 'opcua-subscribe', { endpoint: 'plc' }),
    node('read', 'opcua-read', { endpoint: 'plc' }),
    node('fn', 'function', { code: 'msg.payload = { temp: msg.payload, setpoint: msg.setpoint };\nreturn msg;' }),
    node('sink', 'opcua-read', { endpoint: 'plc' }),
    node('tick', 'inject', { once: true, onceDelayMs: 0, payloadType: 'number', payload: '1' }),
    node('dbg', 'debug', {}),
  ],
  wires: [
    { from: { node: 'sub', port: 0 }, to: { node: 'read', port: 0 } },
    { from: { node: 'read', port: 0 }, to: { node: 'fn', port: 0 } },
    { from: { node: 'fn', port: 0 }, to: { node: 'sink', port: 0 } },
    { from: { node: 'tick', port: 0 }, to: { node: 'dbg', port: 0 } },
  ],
};

async function writeCase(name: string, tests: unknown, flow: unknown = plantFlow): Promise<string> {
  await writeFile(join(dir, `${name}.flow.json`), JSON.stringify(flow));
  const file = join(dir, `${name}.tests.json`);
  await writeFile(file, JSON.stringify(tests));
  return file;
}

describe('flow tests', () => {
  it('pass on the example flows in flows/', async () => {
    const run = await runFlowTests({
      paths: [join(FLOWS, 'hello-world.tests.json'), join(FLOWS, 'line-counter.tests.json')],
      registry,
    });
    expect(run.files.map((f) => f.problem)).toEqual([undefined, undefined]);
    expect(run.failed).toBe(0);
    expect(run.passed).toBe(4);
  });

  it('fail on a broken copy of hello-world with a readable diff', async () => {
    const broken = join(dir, 'broken');
    await cp(join(FLOWS, 'hello-world.tests.json'), join(broken, 'hello-world.tests.json'), { recursive: true });
    const flow = (await readFile(join(FLOWS, 'hello-world.flow.json'), 'utf8')).replace(
      'msg.payload * 2',
      'msg.payload + 2',
    );
    await writeFile(join(broken, 'hello-world.flow.json'), flow);
    const run = await runFlowTests({ paths: [broken], registry });
    expect(run.failed).toBe(2);
    const text = textReport(run.files[0]!)
      .join('\n')
      .replace(/ \(\d+ ms\)/g, '');
    expect(text).toContain(
      [
        '  ✗ the inject button sends 21, the function doubles it and the debug node receives 42',
        '    node "hello-double" port 0, message 1:',
        '      payload: expected 42, got 23',
        '    node "hello-debug" input, message 1:',
        '      payload: expected 42, got 23',
      ].join('\n'),
    );
    expect(text).toMatch(/payload: expected 10, got 7\n.*message 2:\n\s+payload: expected -3, got 0.5/);
    const junit = junitReport(run);
    expect(junit).toContain('<testsuites tests="2" failures="2"');
    expect(junit).toContain('payload: expected 42, got 23');
    expect(JSON.parse(jsonReport(run))).toMatchObject({ passed: 0, failed: 2 });
  });

  it('replace connectors by stand-ins: sources send test messages, request nodes answer with recorded ones', async () => {
    const file = await writeCase('oven', {
      flow: 'oven',
      cases: [
        {
          name: 'reading enriched with the setpoint reaches the sink',
          stubs: { read: { outputs: [[{ setpoint: 180 }, { setpoint: 185 }]] } },
          inputs: [
            { node: 'sub', msg: { payload: 178.5, topic: 'oven/temp' } },
            { node: 'sub', msg: { payload: 181 } },
          ],
          expect: [
            { node: 'sub', messages: [{ payload: 178.5 }, { payload: 181 }] },
            {
              node: 'sink',
              on: 'input',
              match: 'exact',
              messages: [
                { payload: { temp: 178.5, setpoint: 180 }, topic: 'oven/temp', setpoint: 180 },
                { payload: { temp: 181, setpoint: 185 }, setpoint: 185 },
              ],
            },
            // inject timers are off: the once-at-start inject never fires
            { node: 'dbg', messages: [] },
          ],
        },
        {
          name: 'a triggered source stand-in sends its recorded messages',
          stubs: { sub: { outputs: [[{ payload: 1 }, { payload: 2 }]] } },
          inputs: [{ inject: 'sub' }],
          expect: [{ node: 'sub', messages: [{ payload: 1 }, { payload: 2 }] }],
        },
        {
          name: 'timers kept on request',
          keepTimers: true,
          expect: [{ node: 'dbg', messages: [{ payload: 1 }] }],
        },
      ],
    });
    const run = await runFlowTests({ paths: [file], registry });
    expect(run.files[0]?.cases.map((c) => [c.name, c.ok, c.problem, c.failures])).toEqual([
      ['reading enriched with the setpoint reaches the sink', true, undefined, []],
      ['a triggered source stand-in sends its recorded messages', true, undefined, []],
      ['timers kept on request', true, undefined, []],
    ]);
  });

  it('report counts, unexpected keys and the messages received when a count differs', async () => {
    const file = await writeCase('counts', {
      flow: 'oven',
      cases: [
        {
          name: 'wrong expectations',
          timeoutMs: 200,
          inputs: [{ node: 'fn', msg: { payload: 1, extra: true } }],
          expect: [
            { node: 'fn', match: 'exact', messages: [{ payload: { temp: 1 } }] },
            { node: 'sink', on: 'input', messages: [{ payload: {} }, { payload: {} }] },
          ],
        },
      ],
    });
    const run = await runFlowTests({ paths: [file], registry });
    const lines = textReport(run.files[0]!);
    expect(lines).toEqual(
      expect.arrayContaining([
        '    node "fn" port 0, message 1:',
        '      extra: not expected (got true)',
        '    node "sink" input: expected 2 message(s), got 1',
        '      got #1: {"payload":{"temp":1},"extra":true}',
      ]),
    );
  });

  it('explain files that cannot run: bad schema, unknown stub, missing flow, invalid flow', async () => {
    const badSchema = await writeCase('schema', { flow: 'oven', cases: [{ name: 'x', expect: [{ node: 'fn' }] }] });
    const unknownStub = await writeCase('stub', {
      cases: [{ name: 'stub', stubs: { ghost: {} }, expect: [{ node: 'fn', messages: [] }] }],
    });
    const missing = join(dir, 'lonely.tests.json');
    await writeFile(missing, JSON.stringify({ cases: [{ name: 'x', expect: [{ node: 'a', messages: [] }] }] }));
    const invalid = await writeCase(
      'invalid',
      { cases: [{ name: 'x', expect: [{ node: 'fn', messages: [] }] }] },
      { ...plantFlow, id: 'invalid', nodes: [node('fn', 'function', { timeoutMs: -1 })], wires: [] },
    );
    const run = await runFlowTests({ paths: [badSchema, unknownStub, missing, invalid], registry });
    const problems = run.files.map((f) => f.problem ?? f.cases[0]?.problem);
    expect(problems[0]).toBe('$.cases[0].expect[0].messages Invalid input: expected array, received undefined');
    expect(problems[1]).toBe('stub "ghost": the flow "oven" has no node with this id');
    expect(problems[2]).toBe('no lonely.flow.json next to lonely.tests.json');
    expect(problems[3]).toMatch(/^the flow is invalid: \$\.nodes\[0\]\.config\.timeoutMs /);
    expect(run.failed).toBe(4);
  });
});
