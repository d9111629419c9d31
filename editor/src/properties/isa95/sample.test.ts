import type { Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { debugTwins, messageOf, messagePaths } from './sample.js';

const n = (id: string, type: string) => ({ id, type, typeVersion: 1, config: {}, position: { x: 0, y: 0 } });
const w = (from: string, port: number, to: string) => ({ from: { node: from, port }, to: { node: to, port: 0 } });

describe('isa95 mapping samples', () => {
  it('finds debug nodes on the wire into the map node, not those of other ports', () => {
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [n('fn', 'function'), n('map', 'isa95-map'), n('dbg', 'debug'), n('other', 'debug')],
      wires: [w('fn', 0, 'map'), w('fn', 0, 'dbg'), w('fn', 1, 'other'), w('map', 0, 'other')],
    };
    expect(debugTwins(flow, 'map')).toEqual(['dbg']);
  });

  it('rebuilds the message from what the debug node showed and lists its paths', () => {
    expect(messageOf({ property: 'payload', value: { a: 1 } })).toEqual({ payload: { a: 1 } });
    expect(messageOf({ property: 'msg.payload.order', value: 'WO' })).toEqual({ payload: { order: 'WO' } });
    const whole = { payload: { order: 'WO-1', lines: [{ qty: 2 }], 'odd key': true }, topic: 't', _msgid: 'x' };
    expect(messageOf({ property: '(complete message)', value: whole })).toBe(whole);
    expect(messagePaths(whole)).toEqual(['payload.order', 'payload.lines[0].qty', 'payload["odd key"]', 'topic']);
  });
});
