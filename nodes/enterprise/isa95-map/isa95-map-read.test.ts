import { encodeB2mml } from '@millwright/isa95';
import type { Flow, FlowMessage } from '@millwright/model';
import { defineNode, runFlow } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import isa95Map from './index.js';
import { firstError, performanceMappings, run, sample } from './test-fixtures.js';

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
    // Decimals read as their exact text (map with type: 'number' for a number).
    expect(out?.payload).toEqual({ order: 'WO-1001', qty: '10000', priority: '2', note: 'none' });
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
    // Reading needs a message property on every row: the constants get one here.
    const constantSources: Record<string, string> = {
      'responses[0].responseState': 'payload.state',
      'responses[0].segments[0].materialActuals[0].quantities[0].key': 'payload.goodKey',
      'responses[0].segments[0].materialActuals[0].quantities[1].key': 'payload.rejectKey',
    };
    const mappings = performanceMappings.map((m) => ({
      ...m,
      from: m.from ?? constantSources[m.to],
      default: undefined,
    }));
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
