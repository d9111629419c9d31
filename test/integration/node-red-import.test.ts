import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Flow } from '@millwright/model';
import { expandSubflows } from '@millwright/model/subflows';
import { MemoryContextStore, runFlow, type NodeRegistry } from '@millwright/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFlows } from '../../runtime/src/deploy/check-flows.js';
import { describeFailure } from '../../runtime/src/flow-test/reporters.js';
import { runCase } from '../../runtime/src/flow-test/run-case.js';
import { flowTestFileSchema } from '../../runtime/src/flow-test/test-file.js';
import { convertNodeRedFlows, type NodeRedImport } from '../../runtime/src/import/node-red/convert-flows.js';
import { loadNodeModules } from '../../runtime/src/registry/load-node-modules.js';

// Realistic Node-RED exports, each with `<name>.expect.json`: a description of what the flow
// does, the expected import report, and flow test cases run on the converted flows.
const DIR = fileURLToPath(new URL('../fixtures/node-red/', import.meta.url));
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

interface Expected {
  description: string;
  report: { converted: number; placeholders: Array<{ id: string; type: string }>; warnings: string[] };
  tests: unknown[];
}

const read = (file: string): unknown => JSON.parse(readFileSync(`${DIR}${file}`, 'utf8'));

let registry: NodeRegistry;
beforeAll(async () => {
  registry = await loadNodeModules([
    '@millwright/nodes-core',
    '@millwright/nodes-mqtt',
    '@millwright/nodes-enterprise',
  ]);
});

it('has at least ten fixtures, each with its expectations', () => {
  expect(FIXTURES.length).toBeGreaterThanOrEqual(10);
  for (const name of FIXTURES) expect(readdirSync(DIR)).toContain(`${name}.expect.json`);
});

it('covers every Node-RED node type the converter supports', () => {
  const types = new Set(
    FIXTURES.flatMap((name) => (read(`${name}.json`) as Array<{ type: string }>).map((n) => n.type)),
  );
  for (const t of [
    'inject',
    'debug',
    'function',
    'change',
    'switch',
    'template',
    'delay',
    'split',
    'join',
    'catch',
    'status',
    'comment',
    'link in',
    'link out',
    'mqtt-broker',
    'mqtt in',
    'mqtt out',
    'http in',
    'http response',
    'http request',
    'junction',
    'group',
    'subflow',
  ])
    expect(types, t).toContain(t);
});

describe.each(FIXTURES)('Node-RED fixture %s', (name) => {
  const expected = read(`${name}.expect.json`) as Expected;
  let imported: NodeRedImport;
  let flows: Flow[];
  beforeAll(() => {
    imported = convertNodeRedFlows(read(`${name}.json`), { catalog: registry });
    const check = checkFlows(imported.flows, registry);
    if (!check.ok) throw new Error(`converted flows are invalid: ${JSON.stringify(check.issues)}`);
    flows = expandSubflows(check.flows); // subflow instances run expanded, as deployed
  });

  it('converts with the expected report and deploys against the installed node types', () => {
    const { report } = imported;
    expect(report.converted).toBe(expected.report.converted);
    expect(report.placeholders.map((p) => ({ id: p.id, type: p.type }))).toEqual(expected.report.placeholders);
    expect(report.warnings.map((w) => `${w.id ?? ''}: ${w.message}`)).toEqual(expected.report.warnings);
    // Every placeholder sits on the canvas unless it is a config node.
    for (const p of report.placeholders.filter((x) => x.tab))
      expect(flows.flatMap((f) => f.nodes).find((n) => n.id === p.id)?.type).toBe('unsupported');
  });

  it('runs and gives the described outputs', async () => {
    const problems: string[] = [];
    for (const spec of expected.tests.map((t) => flowTestFileSchema.parse(t))) {
      const flow = flows.find((f) => f.id === spec.flow);
      if (!flow) throw new Error(`no converted flow ${spec.flow}`);
      for (const testCase of spec.cases) {
        const r = await runCase({ flow, registry, testCase, standInTypes: [] });
        if (!r.ok)
          problems.push(
            `${testCase.name}: ${r.problem ?? ''}`,
            ...r.failures.flatMap((f) => describeFailure(f)),
            ...r.nodeErrors.map((e) => `  error: ${e}`),
          );
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('imported Node-RED function code in the sandbox', () => {
  it('keeps node.send, node.warn, node.status, node.log, context, flow, global, initialize and finalize working', async () => {
    const { flows } = convertNodeRedFlows(read('function-context-outputs.json'), { catalog: registry });
    const check = checkFlows(flows, registry);
    if (!check.ok) throw new Error('invalid');
    const flow = check.flows[0] as Flow;
    const global = new MemoryContextStore();
    const h = await runFlow(flow, registry, { globalContext: global });
    const fn = '374d5e6f708193a4';
    for (const [serial, weight] of [
      ['A', 9.1],
      ['B', 9.2],
      ['C', 9.3],
    ] as const) {
      h.send(fn, { payload: { serial, weight } });
      await h.idle();
    }
    // initialize put the limits into global context; three rejects in a row sent the alarm with node.send.
    expect(global.get('limits')).toEqual({ min: 9.5, max: 10.5 });
    const [alarm] = await h.waitForOutputs(fn, 1, { port: 2 });
    expect(alarm).toMatchObject({ topic: 'alarm', payload: { run: 3, lastSerial: 'C' } });
    expect(
      h
        .logs(fn)
        .filter((l) => l.level === 'warn')
        .map((l) => l.message),
    ).toEqual(['reject A: 9.1 kg', 'reject B: 9.2 kg', 'reject C: 9.3 kg']);
    expect(h.statuses(fn).at(-1)?.status).toEqual({ fill: 'red', shape: 'ring', text: 'reject run 3' });
    // msg._msgid became msg.id: the inspection id is the message id.
    const [reject] = h.outputs(fn, 1);
    expect(reject?.['inspectionId']).toBe(reject?.id);
    await h.stop();
    expect(h.logs(fn).some((l) => l.message === 'closing after 0 good parts')).toBe(true);
    expect(h.errors()).toEqual([]);
  });
});
