import { describe, expect, it } from 'vitest';
import { mqttOutConfig } from './config.js';
import { isa95Topic, parseIsa95Topic } from './isa95-topic.js';
import { serialize, topicFor } from './mqtt-out.js';

describe('isa95Topic', () => {
  it('joins the levels from the enterprise down and appends the rest', () => {
    expect(
      isa95Topic({ enterprise: 'acme', site: 'plant1', area: 'assembly', line: 'line1', cell: 'cell3' }, 'oee'),
    ).toBe('acme/plant1/assembly/line1/cell3/oee');
    expect(isa95Topic({ enterprise: ' acme ', site: 'plant1' }, 'machine1/state')).toBe('acme/plant1/machine1/state');
    expect(isa95Topic({ enterprise: 'acme' })).toBe('acme');
  });

  it('refuses gaps, wildcards and separators inside a level', () => {
    expect(() => isa95Topic({ enterprise: 'acme', line: 'line1' })).toThrow(
      /"line" is set but "site" above it is empty/,
    );
    expect(() => isa95Topic({ enterprise: 'acme', site: 'plant/1' })).toThrow(/site "plant\/1" must not contain/);
    expect(() => isa95Topic({ enterprise: 'acme' }, 'a/+/b')).toThrow(/"\+" must not contain/);
    expect(() => isa95Topic({ enterprise: '' })).toThrow(expect.objectContaining({ code: 'isa95_bad_topic' }));
  });

  it('parses a topic back', () => {
    expect(parseIsa95Topic('acme/plant1/assembly/line1/cell3/oee/availability')).toEqual({
      enterprise: 'acme',
      site: 'plant1',
      area: 'assembly',
      line: 'line1',
      cell: 'cell3',
      rest: ['oee', 'availability'],
    });
    expect(parseIsa95Topic('acme/plant1/assembly/line1/m1/state', 4)).toEqual({
      enterprise: 'acme',
      site: 'plant1',
      area: 'assembly',
      line: 'line1',
      rest: ['m1', 'state'],
    });
  });
});

describe('mqtt-out topic and payload', () => {
  const cfg = (c: Record<string, unknown>) => mqttOutConfig.parse({ broker: 'b', ...c });

  it('takes the topic from config, message or the ISA-95 levels', () => {
    expect(topicFor(cfg({ topic: 'fixed/t' }), { id: '1', topic: 'ignored' })).toBe('fixed/t');
    expect(topicFor(cfg({ topicSource: 'message' }), { id: '1', topic: 'from/msg' })).toBe('from/msg');
    expect(() => topicFor(cfg({ topicSource: 'message' }), { id: '1' })).toThrow(/msg.topic is empty/);
    const uns = cfg({
      topicSource: 'isa95',
      isa95: { enterprise: 'acme', site: 'plant1', area: 'assembly', line: 'line1' },
    });
    expect(topicFor(uns, { id: '1', topic: 'machine1/temperature' })).toBe(
      'acme/plant1/assembly/line1/machine1/temperature',
    );
    expect(topicFor(uns, { id: '1', topic: 'state', isa95: { line: 'line2' } })).toBe(
      'acme/plant1/assembly/line2/state',
    );
  });

  it('requires a topic when it comes from the config', () => {
    expect(mqttOutConfig.safeParse({ broker: 'b' }).success).toBe(false);
    expect(mqttOutConfig.safeParse({ broker: 'b', topic: 'a/#' }).success).toBe(false);
  });

  it('serializes bytes as is, strings as text and the rest as JSON', () => {
    expect(serialize('hi')).toBe('hi');
    expect(serialize({ a: 1 })).toBe('{"a":1}');
    expect(serialize(42)).toBe('42');
    expect(serialize(undefined)).toBe('');
    const bytes = serialize(new Uint8Array([1, 2, 3]).subarray(1));
    expect(Buffer.isBuffer(bytes) && [...bytes]).toEqual([2, 3]);
  });
});
