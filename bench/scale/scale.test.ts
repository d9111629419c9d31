import { flowSchema } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { processTree, treePssMb, treeRssMb } from '../lib/process-tree.js';
import {
  BIG_CHAINS,
  BIG_FLOW_ID,
  millwrightFlow,
  nodeRedTab,
  smallFlowId,
  TOPIC,
  withMillwrightTopic,
  withNodeRedTopic,
} from './flows.js';
import { emptySamples, formatTable, median, record } from './report.js';

describe('scale flows', () => {
  it('builds the same small flow for both engines: inject, function, change, debug', () => {
    const mw = millwrightFlow(smallFlowId(3));
    expect(flowSchema.parse(mw).nodes.map((n) => n.type)).toEqual(['inject', 'function', 'change', 'debug']);
    expect(mw.wires).toHaveLength(3);
    const nr = nodeRedTab(smallFlowId(3));
    expect(nr.map((n) => n.type)).toEqual(['tab', 'inject', 'function', 'change', 'debug']);
    expect(nr.find((n) => n.type === 'debug')).toMatchObject({ console: false, active: true });
  });

  it('builds a 1,000-node flow with unique ids', () => {
    const mw = millwrightFlow(BIG_FLOW_ID, BIG_CHAINS);
    expect(mw.nodes).toHaveLength(1000);
    expect(new Set(mw.nodes.map((n) => n.id)).size).toBe(1000);
    const nr = nodeRedTab(BIG_FLOW_ID, BIG_CHAINS).filter((n) => n.type !== 'tab');
    expect(new Set(nr.map((n) => n.id)).size).toBe(1000);
  });

  it('changes exactly one node, in a copy', () => {
    const mw = millwrightFlow(BIG_FLOW_ID, BIG_CHAINS);
    const changed = withMillwrightTopic(mw, 'other', 125);
    const differ = changed.nodes.filter((n, i) => JSON.stringify(n) !== JSON.stringify(mw.nodes[i]));
    expect(differ.map((n) => n.id)).toEqual([`${BIG_FLOW_ID}-c125-topic`]);
    expect(JSON.stringify(mw)).toContain(`"value":"${TOPIC}"`);

    const nr = [...nodeRedTab(smallFlowId(0)), ...nodeRedTab(smallFlowId(1))];
    const nrChanged = withNodeRedTopic(nr, smallFlowId(1), 'other');
    const nrDiffer = nrChanged.filter((n, i) => JSON.stringify(n) !== JSON.stringify(nr[i]));
    expect(nrDiffer.map((n) => n.id)).toEqual([`${smallFlowId(1)}-topic`]);
  });
});

describe('scale report', () => {
  it('takes medians and prints Millwright / Node-RED ratios', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const samples = emptySamples();
    for (const v of [100, 300, 200]) record(samples, 'millwright', 'x', v);
    record(samples, 'node-red', 'x', 400);
    const text = formatTable({
      title: 't',
      rows: [
        { key: 'x', label: 'row x', unit: 'ms' },
        { key: 'y', label: 'row y', unit: 'MB' },
      ],
      samples,
      nodeRedLabel: 'node-red',
    });
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^row x\s+200 ms\s+400 ms\s+0\.50x$/);
    expect(lines[3]).toMatch(/^row y\s+n\/a\s+n\/a\s+n\/a$/);
  });
});

describe('process tree', () => {
  it('includes this process and reads its RSS', () => {
    expect(processTree(process.pid)[0]).toBe(process.pid);
    expect(treeRssMb(process.pid)).toBeGreaterThan(10);
  });

  it('reads the PSS, which never exceeds the RSS', () => {
    const pss = treePssMb(process.pid);
    expect(pss).toBeGreaterThan(5);
    expect(pss).toBeLessThanOrEqual(treeRssMb(process.pid) + 1);
  });
});
