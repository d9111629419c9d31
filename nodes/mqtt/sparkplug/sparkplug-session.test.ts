import { describe, expect, it } from 'vitest';
import { EdgeNode, REBIRTH_METRIC } from './edge-node.js';
import { HostTracker } from './host-tracker.js';
import { decodePayload, encodePayload } from './sparkplug-payload.js';
import { parseSparkplugTopic, sparkplugTopic } from './sparkplug-topic.js';

describe('Sparkplug topics', () => {
  it('builds and parses node and device topics', () => {
    const t = sparkplugTopic({ groupId: 'plant1', messageType: 'DDATA', edgeNodeId: 'line1', deviceId: 'plc1' });
    expect(t).toBe('spBv1.0/plant1/DDATA/line1/plc1');
    expect(parseSparkplugTopic(t)).toEqual({
      groupId: 'plant1',
      messageType: 'DDATA',
      edgeNodeId: 'line1',
      deviceId: 'plc1',
    });
    expect(parseSparkplugTopic('spBv1.0/plant1/NBIRTH/line1')).toEqual({
      groupId: 'plant1',
      messageType: 'NBIRTH',
      edgeNodeId: 'line1',
    });
    expect(parseSparkplugTopic('spBv1.0/STATE/host1')).toBeUndefined();
    expect(parseSparkplugTopic('spBv1.0/plant1/NDATA/line1/extra')).toBeUndefined(); // node messages have no device
    expect(() => sparkplugTopic({ groupId: 'a/b', messageType: 'NDATA', edgeNodeId: 'x' })).toThrow(/group id/);
  });
});

const decode = (o: { topic: string; payload: Uint8Array }) => ({ topic: o.topic, ...decodePayload(o.payload) });

describe('EdgeNode', () => {
  it('registers a death certificate per session with an increasing bdSeq that the birth repeats', () => {
    const edge = new EdgeNode({ groupId: 'g', edgeNodeId: 'e' });
    const will1 = decode(edge.beginSession());
    expect(will1.topic).toBe('spBv1.0/g/NDEATH/e');
    expect(will1.metrics).toEqual([{ name: 'bdSeq', datatype: 'Int64', value: 0 }]);
    expect(will1.seq).toBeUndefined();
    edge.update([{ name: 'temp', value: 21.5 }]);
    const [birth] = edge.births(1000).map(decode);
    expect(birth).toMatchObject({ topic: 'spBv1.0/g/NBIRTH/e', seq: 0, timestamp: 1000 });
    expect(birth?.metrics.map((m) => [m.name, m.datatype, m.value])).toEqual([
      ['bdSeq', 'Int64', 0],
      [REBIRTH_METRIC, 'Boolean', false],
      ['temp', 'Double', 21.5],
    ]);
    expect(decode(edge.beginSession()).metrics[0]?.value).toBe(1);
  });

  it('numbers data messages 1..255 then 0, and asks for a rebirth for new metrics only', () => {
    const edge = new EdgeNode({ groupId: 'g', edgeNodeId: 'e' });
    edge.beginSession();
    expect(edge.update([{ name: 'count', value: 1 }])).toBe(true);
    edge.births();
    const seqs: number[] = [];
    for (let i = 0; i < 257; i++) {
      expect(edge.update([{ name: 'count', value: i }])).toBe(false);
      seqs.push(decode(edge.data() ?? { topic: '', payload: new Uint8Array() }).seq ?? -1);
    }
    expect(seqs.slice(0, 3)).toEqual([1, 2, 3]);
    expect(seqs.slice(253, 257)).toEqual([254, 255, 0, 1]);
    expect(edge.data()).toBeNull(); // nothing new
    expect(edge.update([{ name: 'state', value: 'running' }])).toBe(true);
    expect(() => edge.update([{ name: 'count', value: 'many' }])).toThrow(/expected a number/);
  });

  it('puts device metrics in DBIRTH and DDATA', () => {
    const edge = new EdgeNode({ groupId: 'g', edgeNodeId: 'e', deviceId: 'plc1' });
    edge.beginSession();
    edge.update([{ name: 'good', value: 5, datatype: 'UInt32' }]);
    const [nbirth, dbirth] = edge.births().map(decode);
    expect(nbirth?.metrics.map((m) => m.name)).toEqual(['bdSeq', REBIRTH_METRIC]);
    expect(dbirth).toMatchObject({ topic: 'spBv1.0/g/DBIRTH/e/plc1', seq: 1 });
    expect(dbirth?.metrics).toEqual([expect.objectContaining({ name: 'good', datatype: 'UInt32', value: 5 })]);
    edge.update([{ name: 'good', value: 6 }]);
    expect(decode(edge.data() ?? { topic: '', payload: new Uint8Array() })).toMatchObject({
      topic: 'spBv1.0/g/DDATA/e/plc1',
      seq: 2,
    });
  });
});

describe('HostTracker', () => {
  const t = (messageType: 'NBIRTH' | 'NDEATH' | 'NDATA') => ({ groupId: 'g', messageType, edgeNodeId: 'e' });
  const bd = (n: number) => ({ name: 'bdSeq', datatype: 'Int64' as const, value: n });

  it('follows a session: birth, data in sequence, a gap, a stale death, the real death', () => {
    const host = new HostTracker();
    expect(host.handle(t('NDATA'), { seq: 4, metrics: [] })).toMatchObject({
      unknownSession: true,
      rebirthWanted: true,
    });
    const birth = host.handle(t('NBIRTH'), {
      seq: 0,
      metrics: [bd(3), { name: 'temp', alias: 7, datatype: 'Double', value: 20 }],
    });
    expect(birth).toMatchObject({ online: true, rebirthWanted: false });
    const data = host.handle(t('NDATA'), { seq: 1, metrics: [{ alias: 7, datatype: 'Double', value: 21 }] });
    expect(data).toMatchObject({ online: true, rebirthWanted: false });
    expect(data.metrics[0]).toMatchObject({ name: 'temp', alias: 7, value: 21 });
    expect(host.handle(t('NDATA'), { seq: 3, metrics: [] })).toMatchObject({
      seqGap: { expected: 2, received: 3 },
      rebirthWanted: true,
    });
    expect(host.handle(t('NDEATH'), { metrics: [bd(2)] })).toMatchObject({ staleDeath: true, online: true });
    expect(host.handle(t('NDEATH'), { metrics: [bd(3)] })).toMatchObject({ online: false });
    expect(host.handle(t('NDATA'), { seq: 4, metrics: [] })).toMatchObject({ unknownSession: true });
  });

  it('accepts seq wrapping from 255 to 0', () => {
    const host = new HostTracker();
    host.handle(t('NBIRTH'), { seq: 0, metrics: [bd(0)] });
    for (let s = 1; s <= 255; s++) host.handle(t('NDATA'), { seq: s, metrics: [] });
    expect(host.handle(t('NDATA'), { seq: 0, metrics: [] }).seqGap).toBeUndefined();
  });

  it('works on payloads that went through the codec', () => {
    const edge = new EdgeNode({ groupId: 'g', edgeNodeId: 'e' });
    const host = new HostTracker();
    edge.beginSession();
    edge.update([{ name: 'x', value: true }]);
    for (const b of edge.births()) host.handle(t('NBIRTH'), decodePayload(b.payload));
    edge.update([{ name: 'x', value: false }]);
    const d = edge.data();
    const ev = host.handle(t('NDATA'), decodePayload(d?.payload ?? encodePayload({ metrics: [] })));
    expect(ev).toMatchObject({ online: true, rebirthWanted: false, metrics: [{ name: 'x', value: false }] });
  });

  it('tracks devices in their node session and resolves aliases to names and data types', () => {
    const host = new HostTracker();
    const d = (messageType: 'DBIRTH' | 'DDATA' | 'DDEATH', deviceId = 'plc1') => ({
      groupId: 'g',
      messageType,
      edgeNodeId: 'e',
      deviceId,
    });
    const nbirth = host.handle(t('NBIRTH'), { seq: 0, timestamp: 100, metrics: [bd(1)] }, 150);
    expect(nbirth.changes).toEqual([{ groupId: 'g', edgeNodeId: 'e', online: true, timestamp: 100 }]);
    // DDATA before the device's birth: the host lost it, a rebirth brings it back.
    expect(host.handle(d('DDATA'), { seq: 1, metrics: [] })).toMatchObject({
      unknownDevice: true,
      rebirthWanted: true,
    });
    const dbirth = host.handle(d('DBIRTH'), {
      seq: 2,
      timestamp: 200,
      metrics: [{ name: 'count', alias: 3, datatype: 'Int32', value: -4 }],
    });
    expect(dbirth.changes).toEqual([{ groupId: 'g', edgeNodeId: 'e', deviceId: 'plc1', online: true, timestamp: 200 }]);
    // Data leaves the data type out: the birth's is filled in.
    const data = host.handle(d('DDATA'), { seq: 3, metrics: [{ alias: 3, datatype: 'Unknown', value: 5 }] });
    expect(data).toMatchObject({ rebirthWanted: false, changes: [] });
    expect(data.metrics).toEqual([{ name: 'count', alias: 3, datatype: 'Int32', value: 5 }]);
    // An alias no birth announced: a birth was missed.
    expect(host.handle(d('DDATA'), { seq: 4, metrics: [{ alias: 9, datatype: 'Unknown', value: 1 }] })).toMatchObject({
      unknownMetrics: [9],
      rebirthWanted: true,
    });
    // A name never born is the edge node's error: flagged, no rebirth.
    expect(host.handle(d('DDATA'), { seq: 5, metrics: [{ name: 'new', datatype: 'Double', value: 1 }] })).toMatchObject(
      {
        unknownMetrics: ['new'],
        rebirthWanted: false,
      },
    );
    expect(host.handle(d('DBIRTH', 'plc2'), { seq: 6, timestamp: 300, metrics: [] }).changes).toHaveLength(1);
    expect(host.handle(d('DDEATH', 'plc2'), { seq: 7, timestamp: 400, metrics: [] }).changes).toEqual([
      { groupId: 'g', edgeNodeId: 'e', deviceId: 'plc2', online: false, timestamp: 400 },
    ]);
    // The node's death takes its devices down with it, at the host's time.
    expect(host.handle(t('NDEATH'), { metrics: [bd(1)] }, 500).changes).toEqual([
      { groupId: 'g', edgeNodeId: 'e', online: false, timestamp: 500 },
      { groupId: 'g', edgeNodeId: 'e', deviceId: 'plc1', online: false, timestamp: 500 },
    ]);
    // The same death again (an explicit NDEATH, then the broker's will) changes nothing.
    expect(host.handle(t('NDEATH'), { metrics: [bd(1)] })).toMatchObject({ staleDeath: true, changes: [] });
  });

  it('a birth with another bdSeq ends the session it did not see die; a rebirth in the session changes nothing', () => {
    const host = new HostTracker();
    const dbirth = { groupId: 'g', messageType: 'DBIRTH' as const, edgeNodeId: 'e', deviceId: 'plc1' };
    host.handle(t('NBIRTH'), { seq: 0, timestamp: 1, metrics: [bd(4)] });
    host.handle(dbirth, { seq: 1, timestamp: 1, metrics: [] });
    // Asked to rebirth: the same bdSeq, the same session.
    expect(host.handle(t('NBIRTH'), { seq: 0, timestamp: 2, metrics: [bd(4)] }).changes).toEqual([]);
    expect(host.handle(dbirth, { seq: 1, timestamp: 2, metrics: [] }).changes).toEqual([]);
    // The next session's birth, its NDEATH unseen.
    expect(host.handle(t('NBIRTH'), { seq: 0, timestamp: 3, metrics: [bd(5)] }).changes).toEqual([
      { groupId: 'g', edgeNodeId: 'e', online: false, timestamp: 3 },
      { groupId: 'g', edgeNodeId: 'e', deviceId: 'plc1', online: false, timestamp: 3 },
      { groupId: 'g', edgeNodeId: 'e', online: true, timestamp: 3 },
    ]);
    expect(host.handle(dbirth, { seq: 1, timestamp: 3, metrics: [] }).changes).toHaveLength(1);
  });
});
