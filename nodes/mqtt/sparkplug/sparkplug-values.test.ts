/**
 * The new Sparkplug value types on the path a flow's message takes: sparkplug-out's input
 * (`metricInputs`, EdgeNode births and data), the store-and-forward queue (stored-metrics), and a
 * host's view (HostTracker, `metricsObject` for msg.payload). Real classes, no broker.
 */
import { describe, expect, it } from 'vitest';
import { fromStoredMetrics, toStoredMetrics } from '../sparkplug-out/stored-metrics.js';
import { EdgeNode } from './edge-node.js';
import { HostTracker } from './host-tracker.js';
import { metricInputs, metricsObject } from './metric-values.js';
import { decodePayload, type DataSet, type Template } from './sparkplug-payload.js';
import { parseSparkplugTopic } from './sparkplug-topic.js';

const recipe: DataSet = {
  columns: ['step', 'temp', 'note'],
  types: ['Int32', 'Float', 'String'],
  rows: [
    [1, 180, 'heat'],
    [2, 20.5, null],
  ],
};
const motor: Template = {
  isDefinition: false,
  templateRef: 'Motor',
  metrics: [
    { name: 'rpm', datatype: 'Int32', value: 1450 },
    { name: 'serial', datatype: 'UInt64', value: 2n ** 63n },
  ],
  parameters: [{ name: 'ratedPower', type: 'Double', value: 7.5 }],
};

describe('Sparkplug values from a flow to a host', () => {
  it('sparkplug-out infers array, DataSet and template types from msg.payload and a host gets them back', () => {
    const edge = new EdgeNode({ groupId: 'g', edgeNodeId: 'e' });
    edge.beginSession();
    const inputs = metricInputs({
      levels: [1.5, 2.5],
      flags: [true, false, true],
      names: ['a', 'ü'],
      recipe,
      motor,
    });
    edge.update(inputs);
    edge.update(metricInputs([{ name: 'codes', datatype: 'Int16Array', value: [-1, 300] }]));
    const host = new HostTracker();
    const [birth] = edge.births(1000);
    if (!birth) throw new Error('no birth');
    const topic = parseSparkplugTopic(birth.topic);
    if (!topic) throw new Error('bad topic');
    const event = host.handle(topic, decodePayload(birth.payload));
    const byName = new Map(event.metrics.map((m) => [m.name, m]));
    expect([...byName].map(([n, m]) => [n, m.datatype])).toEqual([
      ['bdSeq', 'Int64'],
      ['Node Control/Rebirth', 'Boolean'],
      ['levels', 'DoubleArray'],
      ['flags', 'BooleanArray'],
      ['names', 'StringArray'],
      ['recipe', 'DataSet'],
      ['motor', 'Template'],
      ['codes', 'Int16Array'],
    ]);
    // msg.payload as sparkplug-in shows it: 64-bit values beyond 2^53 as strings.
    expect(metricsObject(event.metrics)).toMatchObject({
      levels: [1.5, 2.5],
      flags: [true, false, true],
      names: ['a', 'ü'],
      recipe,
      motor: {
        ...motor,
        metrics: [motor.metrics[0], { name: 'serial', datatype: 'UInt64', value: '9223372036854775808' }],
      },
      codes: [-1, 300],
    });

    // The next value, as a flow sends it back (the serial as the string it received), goes out as NDATA.
    const shown = metricsObject(event.metrics);
    edge.update(metricInputs({ motor: shown['motor'], codes: [7, 8] }));
    const data = edge.data(2000);
    if (!data) throw new Error('no data');
    const dataTopic = parseSparkplugTopic(data.topic);
    if (dataTopic?.messageType !== 'NDATA') throw new Error(`unexpected ${data.topic}`);
    const update = host.handle(dataTopic, decodePayload(data.payload));
    expect(update.seqGap).toBeUndefined();
    expect(update.metrics.map((m) => [m.name, m.value])).toEqual([
      ['motor', motor],
      ['codes', [7, 8]],
    ]);
  });

  it('[tck-id-payloads-propertyset-quality-value-type] sends metric properties with the value they came with and in every birth', () => {
    const edge = new EdgeNode({ groupId: 'g', edgeNodeId: 'e' });
    edge.beginSession();
    const engUnit = { engUnit: { type: 'String' as const, value: '°C' } };
    edge.update(metricInputs([{ name: 'temp', value: 21.5, datatype: 'Float', properties: engUnit }]));
    const props = (o: { payload: Uint8Array } | null | undefined) =>
      o ? decodePayload(o.payload).metrics.map((m) => [m.name, m.properties]) : [];
    expect(props(edge.births(1)[0])).toContainEqual(['temp', engUnit]);
    // A value without properties keeps them for the next birth but does not repeat them.
    edge.update(metricInputs({ temp: 22 }));
    expect(props(edge.data(2))).toEqual([['temp', undefined]]);
    const quality = { ...engUnit, Quality: { type: 'Int32' as const, value: 500 } };
    edge.update(metricInputs([{ name: 'temp', value: 0, properties: quality }]));
    expect(props(edge.data(3))).toEqual([['temp', quality]]);
    expect(props(edge.births(4)[0])).toContainEqual(['temp', quality]);
    expect(() => edge.update(metricInputs([{ name: 'temp', value: 1, properties: [] }]))).toThrow(
      /properties must be an object/,
    );
    expect(() =>
      edge.update(metricInputs([{ name: 'temp', value: 1, properties: { Quality: { type: 'Int32', value: 'bad' } } }])),
    ).toThrow(/property Quality: bad is not an integer/);
  });

  it('refuses what it cannot type, naming the metric', () => {
    const edge = new EdgeNode({ groupId: 'g', edgeNodeId: 'e' });
    expect(() => edge.update(metricInputs({ empty: [] }))).toThrow(/"empty": cannot publish a mixed or empty array/);
    expect(() => edge.update(metricInputs({ mixed: [1, 'a'] }))).toThrow(/mixed or empty array/);
    expect(() => edge.update(metricInputs([{ name: 'x', datatype: 'Int8Array', value: [1000] }]))).toThrow(
      /element 0: 1000 is not an integer in -128\.\.127/,
    );
  });

  it('keeps arrays, DataSets and templates exactly in the store-and-forward queue (JSON on disk)', () => {
    const metrics = [
      { name: 'recipe', datatype: 'DataSet' as const, value: recipe },
      { name: 'motor', datatype: 'Template' as const, value: motor },
      { name: 'big', datatype: 'UInt64Array' as const, value: [1, 2n ** 64n - 1n] },
      { name: 'raw', datatype: 'Bytes' as const, value: new Uint8Array([1, 2]) },
    ];
    const onDisk = JSON.parse(JSON.stringify(toStoredMetrics(metrics, 5))) as ReturnType<typeof toStoredMetrics>;
    expect(fromStoredMetrics(onDisk)).toEqual(metrics);
  });
});
