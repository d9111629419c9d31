import type { RuntimeEvent } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import {
  applyFrame,
  clearMessages,
  initialRuntimeState,
  MAX_DEBUG_ENTRIES,
  setDebugCap,
  setPaused,
} from './runtime-store.js';

const debug = (nodeId: string, value: unknown): RuntimeEvent => ({
  type: 'debug',
  time: 1,
  flowId: 'f',
  nodeId,
  msgId: 'm',
  property: 'payload',
  value,
});

describe('applyFrame', () => {
  it('appends debug and error entries and tracks statuses and errors per node', () => {
    let s = initialRuntimeState();
    s = applyFrame(s, [
      debug('d1', 1),
      { type: 'status', time: 1, flowId: 'f', nodeId: 'n1', status: { fill: 'green', text: 'ok' } },
      {
        type: 'error',
        time: 1,
        flowId: 'f',
        nodeId: 'n2',
        error: { name: 'Error', code: 'x', kind: 'user', retryable: false, message: 'boom' },
        caught: false,
      },
    ]);
    expect(s.messages.map((m) => [m.kind, m.seq])).toEqual([
      ['debug', 1],
      ['error', 2],
    ]);
    expect(s.statuses.get('n1')).toEqual({ flowId: 'f', status: { fill: 'green', text: 'ok' } });
    expect(s.errors.get('n2')?.error.message).toBe('boom');
    s = applyFrame(s, [{ type: 'status', time: 2, flowId: 'f', nodeId: 'n1', status: null }]);
    expect(s.statuses.has('n1')).toBe(false);
  });

  it('clears the statuses of a flow when it restarts or stops', () => {
    let s = applyFrame(initialRuntimeState(), [
      { type: 'status', time: 1, flowId: 'f', nodeId: 'a', status: { text: 'connected' } },
      { type: 'status', time: 1, flowId: 'g', nodeId: 'b', status: { text: 'idle' } },
    ]);
    s = applyFrame(s, [{ type: 'flow-state', time: 2, flowId: 'f', state: 'starting' }]);
    expect([...s.statuses.keys()]).toEqual(['b']);
    s = applyFrame(s, [
      { type: 'status', time: 3, flowId: 'f', nodeId: 'a', status: { text: 'connecting' } },
      { type: 'flow-state', time: 4, flowId: 'f', state: 'running' },
    ]);
    expect(s.statuses.get('a')?.status.text).toBe('connecting');
  });

  it('clears node errors on deploy and counts dropped events', () => {
    let s = applyFrame(initialRuntimeState(), [
      {
        type: 'error',
        time: 1,
        flowId: 'f',
        nodeId: 'n2',
        error: { name: 'Error', code: 'x', kind: 'user', retryable: false, message: 'x' },
        caught: true,
      },
    ]);
    s = applyFrame(s, [
      { type: 'dropped', count: 7 },
      { type: 'deploy', time: 2, revision: 'r2', mode: 'full' },
    ]);
    expect(s.errors.size).toBe(0);
    expect(s.dropped).toBe(7);
    expect(s.lastDeploy?.revision).toBe('r2');
  });

  it('holds entries while paused and shows them on resume', () => {
    let s = setPaused(initialRuntimeState(), true);
    s = applyFrame(s, [debug('d', 'a'), debug('d', 'b')]);
    expect(s.messages).toHaveLength(0);
    s = setPaused(s, false);
    expect(s.messages.map((m) => (m.kind === 'debug' ? m.event.value : null))).toEqual(['a', 'b']);
    expect(clearMessages(s).messages).toHaveLength(0);
  });

  it('keeps only the newest entries', () => {
    const frame = Array.from({ length: MAX_DEBUG_ENTRIES + 5 }, (_, i) => debug('d', i));
    const s = applyFrame(initialRuntimeState(), frame);
    expect(s.messages).toHaveLength(MAX_DEBUG_ENTRIES);
    expect(s.messages[0]?.kind === 'debug' && s.messages[0].event.value).toBe(5);
    expect(s.discarded).toBe(5);
  });

  it('keeps as many entries as the user chose, counting what it discards', () => {
    let s = applyFrame(
      initialRuntimeState(),
      Array.from({ length: 300 }, (_, i) => debug('d', i)),
    );
    s = setDebugCap(s, 100);
    expect(s.messages).toHaveLength(100);
    expect(s.discarded).toBe(200);
    s = applyFrame(s, [debug('d', 'x')]);
    expect(s.messages).toHaveLength(100);
    expect(s.discarded).toBe(201);
    s = setDebugCap(s, 5_000);
    s = applyFrame(
      s,
      Array.from({ length: 2_000 }, (_, i) => debug('d', i)),
    );
    expect(s.messages).toHaveLength(2_100);
    expect(clearMessages(s).discarded).toBe(0);
  });

  it('shows node warnings but not runtime log lines', () => {
    const s = applyFrame(initialRuntimeState(), [
      { type: 'log', time: 1, level: 'warn', flowId: 'f', nodeId: 'fn', message: 'careful' },
      { type: 'log', time: 1, level: 'info', flowId: 'f', message: 'flow started' },
    ]);
    expect(s.messages.map((m) => m.kind)).toEqual(['log']);
  });

  it('keeps chart events per node, out of the debug sidebar', () => {
    const chart = (nodeId: string, time: number): RuntimeEvent => ({
      type: 'chart',
      time,
      flowId: 'f',
      nodeId,
      kind: 'oee',
      data: {
        window: { start: '', end: '', name: null },
        final: false,
        availability: 1,
        performance: 1,
        quality: 1,
        oee: 1,
        plannedTime: 0,
        runTime: 0,
        downtime: 0,
        totalCount: 0,
        goodCount: 0,
        rejectCount: 0,
        losses: [],
      },
    });
    const before = initialRuntimeState();
    const s = applyFrame(before, [chart('o1', 1), chart('o2', 2), chart('o1', 3)]);
    expect(s.charts.get('o1')?.map((e) => e.time)).toEqual([1, 3]);
    expect(s.charts.get('o2')).toHaveLength(1);
    expect(s.messages).toEqual([]);
    expect(applyFrame(s, [debug('d', 1)]).charts).toBe(s.charts);
  });
});
