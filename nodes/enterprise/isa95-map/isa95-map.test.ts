import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeB2mml, encodeB2mml, type DocumentOf } from '@millwright/isa95';
import type { ErrorEvent, Flow, FlowMessage } from '@millwright/model';
import { defineNode, runFlow, testNode, toJsonSchema } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isa95MapConfig } from './config.js';
import isa95Map from './index.js';

const SCHEMAS = join(dirname(createRequire(import.meta.url).resolve('@millwright/isa95')), '../schemas');
const XSD = {
  V0701: join(SCHEMAS, 'V0701/Schema/AllSchemas.xsd'),
  V0600schedule: join(SCHEMAS, 'V0600/B2MML-V0600-ProductionSchedule.xsd'),
};

/** Validates documents with one xmllint run; returns xmllint's complaints (empty when all are valid). */
function xmllint(docs: string[], xsd: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'isa95-map-'));
  try {
    const files = docs.map((xml, i) => {
      const file = join(dir, `${i}.xml`);
      writeFileSync(file, xml);
      return file;
    });
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, ...files], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (${run.error.message}): install libxml2-utils`);
    const out = `${run.stdout}${run.stderr}`;
    return files
      .filter((f) => !out.includes(`${f} validates`))
      .map(
        (f) =>
          out
            .split('\n')
            .filter((l) => l.startsWith(f))
            .join('\n') || `no verdict for ${f}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const run = async (config: Record<string, unknown>) => {
  h = await testNode(isa95Map, { config });
  return h;
};
const firstError = async (harness: Harness): Promise<ErrorEvent> =>
  harness.waitForEvent((e): e is ErrorEvent => e.type === 'error');

/** A production count as a line controller might send it. */
const countMsg = {
  payload: {
    order: 'WO-1001',
    line: 'Line1',
    good: '9812',
    reject: 188,
    start: Date.UTC(2024, 4, 1, 4),
    end: '2024-05-01T11:58:00Z',
  },
};

const performanceMappings = [
  { from: 'payload.order', to: 'id', type: 'string' },
  { from: 'payload.order', to: 'responses[0].id' },
  { from: 'payload.order', to: 'responses[0].operationsRequestIds[0]' },
  { from: 'payload.state', to: 'responses[0].responseState', default: 'Completed' },
  { from: 'payload.segment', to: 'responses[0].segments[0].id', default: 'SR-1' },
  { from: 'payload.start', to: 'responses[0].segments[0].actualStartTime', type: 'dateTime' },
  { from: 'payload.end', to: 'responses[0].segments[0].actualEndTime', type: 'dateTime' },
  { from: 'payload.line', to: 'responses[0].segments[0].equipmentActuals[0].equipmentIds[0]' },
  { from: 'payload.line', to: 'responses[0].segments[0].equipmentActuals[0].id' },
  { from: 'payload.material', to: 'responses[0].segments[0].materialActuals[0].id', default: 'MA-1' },
  { from: 'payload.use', to: 'responses[0].segments[0].materialActuals[0].materialUse', default: 'Produced' },
  { from: 'payload.good', to: 'responses[0].segments[0].materialActuals[0].quantities[0].value', type: 'number' },
  { from: 'payload.goodKey', to: 'responses[0].segments[0].materialActuals[0].quantities[0].key', default: 'Good' },
  { from: 'payload.reject', to: 'responses[0].segments[0].materialActuals[0].quantities[1].value', type: 'number' },
  { from: 'payload.rejectKey', to: 'responses[0].segments[0].materialActuals[0].quantities[1].key', default: 'Reject' },
];

const sample: DocumentOf<'OperationsSchedule'> = {
  verb: 'Process',
  noun: 'OperationsSchedule',
  applicationArea: { creationDateTime: '2024-05-01T06:00:00Z', bodId: 'erp-1' },
  items: [
    {
      id: 'SCH-1',
      requests: [
        {
          id: 'WO-1001',
          priority: 2,
          segments: [
            {
              id: 'S1',
              processSegmentId: 'FILL',
              operationsDefinitionId: 'OD',
              operationsSegmentId: 'OS',
              materialRequirements: [
                { id: 'MR', materialUse: 'Produced', quantities: [{ value: 10000, unit: 'pcs' }] },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('isa95-map json-to-b2mml', () => {
  it('builds a SyncOperationsPerformance from message fields that validates against the V0701 XSDs', async () => {
    const harness = await run({
      document: 'SyncOperationsPerformance',
      sender: 'MES-L1',
      receiver: 'ERP',
      mappings: performanceMappings,
    });
    harness.input({ ...countMsg, headers: { 'x-plant': '1' } });
    const [out] = await harness.next();
    const xml = String(out?.payload);
    expect(xmllint([xml], XSD.V0701)).toEqual([]);
    expect(out?.headers).toEqual({ 'x-plant': '1', 'content-type': 'application/xml' });
    expect(typeof out?.['bodId']).toBe('string');
    expect(xml).toContain(`<BODID>${String(out?.['bodId'])}</BODID>`);
    const back = decodeB2mml(xml);
    if (!back.ok || back.doc.noun !== 'OperationsPerformance') throw new Error('unexpected document');
    expect(back.doc.applicationArea).toMatchObject({
      sender: { logicalId: 'MES-L1' },
      receivers: [{ logicalId: 'ERP' }],
    });
    expect(back.doc.items[0]?.responses?.[0]).toEqual({
      id: 'WO-1001',
      operationsRequestIds: ['WO-1001'],
      responseState: 'Completed',
      segments: [
        {
          id: 'SR-1',
          actualStartTime: '2024-05-01T04:00:00.000Z',
          actualEndTime: '2024-05-01T11:58:00Z',
          equipmentActuals: [{ id: 'Line1', equipmentIds: ['Line1'] }],
          materialActuals: [
            {
              id: 'MA-1',
              materialUse: 'Produced',
              quantities: [
                { value: 9812, key: 'Good' },
                { value: 188, key: 'Reject' },
              ],
            },
          ],
        },
      ],
    });
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toEqual({
      fill: 'green',
      shape: 'dot',
      text: 'SyncOperationsPerformance',
    });
  });

  it('writes V0600 ProcessProductionSchedule when asked, valid against the V0600 XSD', async () => {
    const harness = await run({
      document: 'ProcessOperationsSchedule',
      version: 'V0600',
      mappings: [
        { from: 'payload.order', to: 'requests[0].id' },
        {
          from: 'payload.qty',
          to: 'requests[0].segments[0].materialRequirements[0].quantities[0].value',
          type: 'number',
        },
        { from: 'payload.part', to: 'requests[0].segments[0].materialRequirements[0].materialDefinitionIds[0]' },
      ],
    });
    harness.input({ payload: { order: 'WO-7', qty: '500', part: 'BOTTLE-05' } });
    const [out] = await harness.next();
    const xml = String(out?.payload);
    expect(xml).toContain('<ProcessProductionSchedule xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="6.0">');
    expect(xmllint([xml], XSD.V0600schedule)).toEqual([]);
  });

  it('passthrough starts from msg.payload as the typed model; mappings apply on top', async () => {
    const harness = await run({
      document: 'ProcessMaterialLot',
      passthrough: true,
      mappings: [{ from: 'correlationId', to: '$.applicationArea.bodId' }],
    });
    const lot = { id: 'LOT-1', materialDefinitionId: 'BOTTLE-05', quantities: [{ value: 9812, unit: 'pcs' }] };
    const payload = { ...lot };
    harness.input({ payload, correlationId: 'corr-42' });
    const [out] = await harness.next();
    expect(out?.['bodId']).toBe('corr-42');
    expect(xmllint([String(out?.payload)], XSD.V0701)).toEqual([]);
    const back = decodeB2mml(String(out?.payload));
    expect(back.ok && back.doc.items).toEqual([lot]);
    expect(payload).toEqual(lot);
  });

  it('passthrough takes a whole document too, and refuses one of another noun', async () => {
    const harness = await run({ document: 'ProcessOperationsSchedule', passthrough: true, sender: 'MES' });
    harness.input({ payload: sample });
    const [out] = await harness.next();
    const back = decodeB2mml(String(out?.payload));
    expect(back.ok && back.doc).toEqual({
      ...sample,
      releaseId: '7.01',
      applicationArea: { ...sample.applicationArea, sender: { logicalId: 'MES' } },
    });
    harness.input({ payload: { ...sample, noun: 'MaterialLot' } });
    const e = await firstError(harness);
    expect(e.error.message).toBe('msg.payload is a MaterialLot document, the node writes OperationsSchedule');
  });

  it('reports what the document lacks, with model paths, as invalid_b2mml', async () => {
    const harness = await run({
      document: 'SyncOperationsPerformance',
      mappings: performanceMappings.filter((m) => m.to !== 'responses[0].id'),
    });
    harness.input(countMsg);
    const e = await firstError(harness);
    expect(e.error.code).toBe('invalid_b2mml');
    expect(e.error.kind).toBe('user');
    expect(e.error.message).toBe(
      'invalid SyncOperationsPerformance document: $.items[0].responses[0].id: B2MML V0701 OperationsResponseType requires <ID>',
    );
    expect(harness.outputs(harness.nodeId)).toEqual([]);
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toMatchObject({ fill: 'red', text: 'invalid_b2mml' });
  });

  it('reports values that do not convert, naming the mapping', async () => {
    const harness = await run({ document: 'SyncOperationsPerformance', mappings: performanceMappings });
    harness.input({ payload: { ...countMsg.payload, good: 'many', start: 'soon' } });
    const e = await firstError(harness);
    expect(e.error.message).toContain(
      '$.items[0].responses[0].segments[0].actualStartTime: "soon" is not a date (mapping payload.start ↔ responses[0].segments[0].actualStartTime)',
    );
    expect(e.error.message).toContain(
      '$.items[0].responses[0].segments[0].materialActuals[0].quantities[0].value: "many" is not a number',
    );
  });
});

describe('isa95-map b2mml-to-json', () => {
  it('reads B2MML into the typed model when there are no mappings', async () => {
    const harness = await run({ direction: 'b2mml-to-json', document: 'ProcessOperationsSchedule' });
    harness.input({ payload: encodeB2mml(sample) });
    const [out] = await harness.next();
    expect(out?.payload).toEqual({ ...sample, releaseId: '7.01' });
    expect(out?.['bodId']).toBe('erp-1');
    expect(out?.['b2mml']).toEqual({ version: 'V0701', document: 'ProcessOperationsSchedule' });
  });

  it('reads V0600 from a Buffer and flattens it through the mapping table', async () => {
    const harness = await run({
      direction: 'b2mml-to-json',
      document: 'ProcessOperationsSchedule',
      mappings: [
        { from: 'payload.order', to: 'requests[0].id' },
        { from: 'payload.qty', to: 'requests[0].segments[0].materialRequirements[0].quantities[0].value' },
        { from: 'payload.priority', to: 'requests[0].priority', type: 'string' },
        { from: 'payload.note', to: 'requests[0].descriptions[0]', default: 'none' },
        { from: 'topic', to: '$.applicationArea.bodId' },
      ],
    });
    // V0600 has no ids on material requirements and no OperationsDefinitionID on segments.
    const v0600Doc = structuredClone(sample);
    const segment = v0600Doc.items[0]?.requests?.[0]?.segments?.[0];
    delete segment?.operationsDefinitionId;
    delete segment?.materialRequirements?.[0]?.id;
    const v0600 = encodeB2mml(v0600Doc, { version: 'V0600' });
    harness.input({ payload: Buffer.from(v0600) });
    const [out] = await harness.next();
    expect(out?.payload).toEqual({ order: 'WO-1001', qty: 10000, priority: '2', note: 'none' });
    expect(out?.topic).toBe('erp-1');
    expect(out?.['b2mml']).toEqual({ version: 'V0600', document: 'ProcessOperationsSchedule' });
  });

  it('reports each fault of bad B2MML with its XML path', async () => {
    const harness = await run({ direction: 'b2mml-to-json', document: 'any' });
    const bad = encodeB2mml(sample)
      .replace('<QuantityString>10000</QuantityString>', '<QuantityString>ten</QuantityString>')
      .replace(/<CreationDateTime>[^<]*<\/CreationDateTime>/, '');
    harness.input({ payload: bad });
    const e = await firstError(harness);
    expect(e.error.code).toBe('invalid_b2mml');
    expect(e.error.message).toBe(
      'invalid B2MML: $.ProcessOperationsSchedule.ApplicationArea.CreationDateTime: required element <CreationDateTime> is missing; ' +
        '$.ProcessOperationsSchedule.DataArea.OperationsSchedule[0].OperationsRequest[0].SegmentRequirement[0].MaterialRequirement[0].Quantity[0].QuantityString: "ten" is not a number',
    );
  });

  it('refuses a document other than the configured one, and payloads that are not text', async () => {
    const harness = await run({ direction: 'b2mml-to-json', document: 'SyncOperationsPerformance' });
    harness.input({ payload: encodeB2mml(sample) });
    harness.input({ payload: { not: 'xml' } });
    await harness.waitForEvent(() => harness.errors(harness.nodeId).length === 2);
    const [first, second] = harness.errors(harness.nodeId).map((e) => e.error.message);
    expect(first).toBe('invalid B2MML: $: expected SyncOperationsPerformance, got ProcessOperationsSchedule (V0701)');
    expect(second).toBe('invalid B2MML: $: msg.payload must be XML text or a Buffer');
  });
});

describe('isa95-map error routing', () => {
  it('catch handlers get the message with the path-bearing issues as msg.issues', async () => {
    const seen: FlowMessage[] = [];
    const grab = defineNode({
      type: 'grab-errors',
      category: 'test',
      version: 1,
      description: 'records caught messages',
      inputs: 0,
      outputs: [],
      config: z.object({}),
      setup(ctx) {
        ctx.flow.onError({}, (_error, msg) => {
          if (msg) seen.push(msg);
        });
        return {};
      },
    });
    const node = (id: string, type: string, config: Record<string, unknown>) => ({
      id,
      type,
      typeVersion: 1,
      config,
      position: { x: 0, y: 0 },
    });
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [node('r', 'isa95-map', { direction: 'b2mml-to-json', document: 'any' }), node('g', 'grab-errors', {})],
      wires: [],
    };
    const f = await runFlow(flow, [isa95Map, grab]);
    try {
      f.send('r', { payload: '<ProcessOperationsSchedule xmlns="http://www.mesa.org/xml/B2MML"/>' });
      await f.waitForEvent((e) => e.type === 'error');
      await f.idle();
      expect(seen[0]?.['issues']).toEqual([
        expect.objectContaining({ pathString: '$.ProcessOperationsSchedule["@releaseID"]', code: 'missing_attribute' }),
        expect.objectContaining({ pathString: '$.ProcessOperationsSchedule.ApplicationArea', code: 'missing_element' }),
        expect.objectContaining({ pathString: '$.ProcessOperationsSchedule.DataArea', code: 'missing_element' }),
      ]);
    } finally {
      await f.stop();
    }
  });
});

describe('isa95-map both ways', () => {
  it('a flat payload survives json → B2MML → json with the same mapping table', async () => {
    const mappings = performanceMappings.map((m) => ({ ...m, default: undefined }));
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [
        { id: 'w', type: 'isa95-map', typeVersion: 1, config: { mappings }, position: { x: 0, y: 0 } },
        {
          id: 'r',
          type: 'isa95-map',
          typeVersion: 1,
          config: { direction: 'b2mml-to-json', mappings },
          position: { x: 0, y: 0 },
        },
      ],
      wires: [{ from: { node: 'w', port: 0 }, to: { node: 'r', port: 0 } }],
    };
    const f = await runFlow(flow, [isa95Map]);
    try {
      const payload = {
        order: 'WO-9',
        state: 'Running',
        segment: 'S9',
        start: '2024-05-01T04:00:00Z',
        end: '2024-05-01T05:00:00Z',
        line: 'L2',
        material: 'M9',
        use: 'Produced',
        good: 10,
        goodKey: 'Good',
        reject: 1,
        rejectKey: 'Reject',
      };
      f.send('w', { payload });
      const [out] = await f.waitForOutputs('r', 1);
      expect(out?.payload).toEqual(payload);
    } finally {
      await f.stop();
    }
  });
});

describe('isa95-map config', () => {
  it('checks mapping paths and refuses `any` for writing', () => {
    const r = isa95MapConfig.safeParse({
      document: 'any',
      mappings: [{ from: 'payload..x', to: 'items[0].__proto__' }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([['mappings', 0, 'from'], ['mappings', 0, 'to'], ['document']]);
    // The editor builds the mapping table from the JSON Schema's widget hint.
    const schema = toJsonSchema(isa95MapConfig) as { properties: Record<string, { widget?: string; enum?: string[] }> };
    expect(schema.properties['mappings']?.widget).toBe('table');
    expect(schema.properties['document']?.enum).toContain('ProcessMaterialLot');
    const ok = isa95MapConfig.parse({});
    expect(ok).toMatchObject({ direction: 'json-to-b2mml', document: 'SyncOperationsPerformance', version: 'V0701' });
  });
});
