import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodes as coreNodes } from '@millwright/nodes-core';
import { NodeRegistry } from '@millwright/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlowTests } from './run-tests.js';

// `millwright test` on a flow with subflow instances: the definitions are the `*.subflow.json`
// files beside the flow file, and the instances run expanded.
const registry = new NodeRegistry(coreNodes);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-flow-test-subflows-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });

const expectations = (a: number, b: number) => [
  { node: 'a', messages: [{ payload: a }] },
  { node: 'b', messages: [{ payload: b }] },
];

const scale = {
  version: 1,
  id: 'scale',
  name: 'Scale',
  subflow: { params: [{ name: 'FACTOR', type: 'number', default: 2 }] },
  nodes: [
    node('in', 'subflow-in'),
    node('mul', 'function', { code: "msg.payload = msg.payload * Number(env.get('FACTOR'));\nreturn msg;" }),
    node('out', 'subflow-out'),
  ],
  wires: [wire('in', 'mul'), wire('mul', 'out')],
};
const line = {
  version: 1,
  id: 'line',
  name: 'Line',
  nodes: [
    node('btn', 'inject', { payloadType: 'number', payload: '7' }),
    node('twice', 'subflow:scale'),
    node('tenfold', 'subflow:scale', { FACTOR: 10 }),
    node('a', 'debug'),
    node('b', 'debug'),
  ],
  wires: [wire('btn', 'twice'), wire('btn', 'tenfold'), wire('twice', 'a'), wire('tenfold', 'b')],
};

describe('flow tests of flows with subflow instances', () => {
  it('run the instances with their parameters, the definition read from the .subflow.json beside the flow', async () => {
    await writeFile(join(dir, 'scale.subflow.json'), JSON.stringify(scale));
    await writeFile(join(dir, 'line.flow.json'), JSON.stringify(line));
    await writeFile(
      join(dir, 'line.tests.json'),
      JSON.stringify({
        cases: [
          { name: 'default and set FACTOR', inputs: [{ inject: 'btn' }], expect: expectations(14, 70) },
          { name: 'a wrong expectation fails', inputs: [{ inject: 'btn' }], expect: expectations(14, 71) },
        ],
      }),
    );
    const run = await runFlowTests({ paths: [dir], registry });
    expect(run.files.map((f) => f.problem)).toEqual([undefined]);
    expect(run.files[0]?.cases.map((c) => c.ok)).toEqual([true, false]);
  });

  it('report a missing definition as a problem of the file', async () => {
    const sub = join(dir, 'alone');
    await mkdir(sub);
    await writeFile(join(sub, 'line.flow.json'), JSON.stringify(line));
    await writeFile(
      join(sub, 'line.tests.json'),
      JSON.stringify({ cases: [{ name: 'x', inputs: [{ inject: 'btn' }], expect: expectations(14, 70) }] }),
    );
    const run = await runFlowTests({ paths: [sub], registry });
    expect(run.files[0]?.problem).toContain('subflow "scale" is not defined');
  });
});
