import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Flow } from '@millwright/model';
import { runFlow, type NodeRegistry } from '@millwright/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFlows } from '../../runtime/src/deploy/check-flows.js';
import { convertNodeRedFlows, type NodeRedImport } from '../../runtime/src/import/node-red/convert-flows.js';
import { loadNodeModules } from '../../runtime/src/registry/load-node-modules.js';

// The example flows Node-RED ships with its core nodes (Import > Examples in its editor).
const ROOT = fileURLToPath(new URL('../../node_modules/@node-red/nodes/examples/', import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : [],
    );
const FILES = walk(ROOT).map((f) => f.slice(ROOT.length));

let registry: NodeRegistry;
const imports = new Map<string, NodeRedImport>();
beforeAll(async () => {
  registry = await loadNodeModules();
  for (const f of FILES)
    imports.set(f, convertNodeRedFlows(JSON.parse(readFileSync(join(ROOT, f), 'utf8')), { catalog: registry }));
});

describe("Node-RED's shipped example flows", () => {
  it('all convert into flows that validate against the installed node types', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(110);
    const invalid = FILES.filter((f) => !checkFlows(imports.get(f)?.flows ?? [], registry).ok);
    expect(invalid).toEqual([]);
  });

  it('convert without placeholders at least as often as recorded (45 of 113 before issue 18)', () => {
    const clean = FILES.filter((f) => imports.get(f)?.report.placeholders.length === 0);
    // After json, xml, yaml, range, rbe, trigger, sort and batch: 64 of 113 (69 with the network
    // nodes). After csv, file, file in, watch and JSONata in change/switch/inject/sort: 98. After
    // html, template YAML, fixed-length split, msg.delay, merged and reduce joins, per-topic rate
    // limits: 108 (96 %). After link call and link out return mode: 109; after exec: 111 (98 %).
    expect(clean.length).toBeGreaterThanOrEqual(111);
  });

  it('leave no placeholder for the converted node types, nor for JSONata values and rules; the rest say why', () => {
    const converted = [
      'json',
      'xml',
      'yaml',
      'range',
      'rbe',
      'trigger',
      'sort',
      'batch',
      'csv',
      'file',
      'file in',
      'watch',
    ];
    const left = FILES.flatMap((f) =>
      (imports.get(f)?.report.placeholders ?? [])
        .filter((p) => converted.includes(p.type) || /jsonata/i.test(p.reason))
        .map((p) => `${f}: ${p.type}: ${p.reason}`),
    );
    expect(left).toEqual([]);
    // What is left, on purpose: exec in spawn mode, complete.
    const reasons = FILES.flatMap((f) => (imports.get(f)?.report.placeholders ?? []).map((p) => p.reason));
    expect(reasons.filter((r) => r.startsWith('no converter'))).toEqual([]);
  });

  // The examples of the new nodes start from inject nodes and end in debug nodes: run them.
  it.each([
    'parser/json/01 - Convert JSON string to JavaScript object.json',
    'parser/json/02 - Convert JavaScript object to JSON string.json',
    'parser/xml/01 - Convert JavaScript object to XML.json',
    'parser/xml/02 - Convert XML to JavaScript object.json',
    'parser/yaml/01 - Convert JavaScript object to YAML.json',
    'parser/yaml/02 - Convert YAML to JavaScript object.json',
    'function/range/01 - Scale input value.json',
    'function/range/03 - Limit input.json',
    'function/range/04 - Scale and wrap input.json',
    'sequence/batch/01 - Number-based group mode.json',
  ])('%s runs: every inject reaches a debug node without errors', async (file) => {
    const imported = imports.get(file);
    const check = checkFlows(imported?.flows ?? [], registry);
    if (!check.ok) throw new Error('invalid');
    const flow = check.flows[0] as Flow;
    const h = await runFlow(flow, registry);
    const injects = flow.nodes.filter((n) => n.type === 'inject');
    for (const n of injects) await h.trigger(n.id);
    await h.idle();
    const debugs = flow.nodes.filter((n) => n.type === 'debug');
    const shown = debugs.flatMap((d) => h.debug(d.id));
    await h.stop();
    expect(h.errors()).toEqual([]);
    expect(shown.length).toBeGreaterThanOrEqual(injects.length);
  });
});
