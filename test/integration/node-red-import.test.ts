import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Flow } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
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
    flows = check.flows;
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
