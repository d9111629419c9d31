import { UserError, type FlowMessage, type NodeStatus } from '@millwright/model';
import { getMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { CounterTrack } from '../lib/oee/counters.js';
import { MACHINE_STATES, OeeTracker, type CounterKind, type MachineState, type OeeRecord } from '../lib/oee/tracker.js';
import { windowAt, type TimeWindow, type WindowSpec } from '../lib/oee/windows.js';
import type { OeeConfig } from './config.js';

/** Node context key: `{ current: OeeRecord | null, history: OeeRecord[] }` (final records, newest last). */
export const OEE_CONTEXT_KEY = 'oee';
const HISTORY = 50;
const MAX_TIMER_MS = 2_147_483_647;
const BETWEEN_SHIFTS: NodeStatus = { fill: 'grey', shape: 'ring', text: 'between shifts' };

/** Creates an oee instance. `clock` returns epoch ms; tests pass a fake one. */
export function createOee(ctx: NodeContext<OeeConfig>, clock: () => number = Date.now): NodeHandlers {
  const cfg = ctx.config;
  const tracker = new OeeTracker({ idleAs: cfg.idleAs, idealCycleTimeMs: cfg.idealCycleTimeMs });
  const counterProps: Array<[CounterKind, string]> = [
    ['total', cfg.totalProperty],
    ['good', cfg.goodProperty],
    ['reject', cfg.rejectProperty],
  ];
  const counter = () => new CounterTrack({ mode: cfg.countMode, max: cfg.counterMax });
  const counters: Record<CounterKind, CounterTrack> = { total: counter(), good: counter(), reject: counter() };
  const spec: WindowSpec =
    cfg.window === 'shift'
      ? { type: 'shift', shifts: cfg.shifts, timeZone: cfg.timeZone }
      : { type: cfg.window, lengthMs: cfg.windowMs };
  const history: OeeRecord[] = [];
  let current: TimeWindow | null = windowAt(spec, clock());
  let boundary: ReturnType<typeof setTimeout> | undefined;
  let interval: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const publish = (record: OeeRecord) => {
    if (record.final) {
      history.push(record);
      if (history.length > HISTORY) history.shift();
    }
    ctx.context.node.set(OEE_CONTEXT_KEY, { current: record.final ? null : record, history });
    ctx.status(statusOf(record));
    ctx.chart({ kind: 'oee', data: record });
    ctx.send(ctx.newMessage({ topic: cfg.topic, payload: record }));
  };

  /** Closes the window that `now` has left (sending its final record) and moves to the next one. */
  const roll = (now: number) => {
    const next = windowAt(spec, now);
    if (spec.type === 'rolling') {
      if (next) tracker.prune(next.start);
      current = next;
      return;
    }
    if (current?.start === next?.start) return;
    if (current) publish(tracker.record({ ...current, closed: true }));
    tracker.prune(next?.start ?? now);
    current = next;
    if (!next) ctx.status(BETWEEN_SHIFTS);
    armBoundary(now);
  };

  const armBoundary = (now: number) => {
    clearTimeout(boundary);
    if (closed || !current || spec.type === 'rolling') return;
    boundary = setTimeout(() => roll(clock()), Math.min(current.end - now + 1, MAX_TIMER_MS));
  };

  const publishCurrent = (now: number) => {
    if (current)
      publish(
        tracker.record({ start: current.start, end: Math.min(now, current.end), closed: false, name: current.name }),
      );
  };

  armBoundary(clock());
  if (!current) ctx.status(BETWEEN_SHIFTS);
  if (cfg.emitOn !== 'update')
    interval = setInterval(() => {
      const now = clock();
      roll(now);
      publishCurrent(now);
    }, cfg.emitIntervalMs);

  return {
    input(msg) {
      const now = clock();
      roll(now);
      if (!apply(msg, now)) {
        const props = [cfg.stateProperty, ...counterProps.map(([, p]) => p), cfg.idealCycleTimeProperty].filter(
          Boolean,
        );
        throw new UserError('unrecognized_message', `the message has none of ${props.join(', ')}`);
      }
      if (cfg.emitOn !== 'interval') publishCurrent(now);
    },
    close() {
      closed = true;
      clearTimeout(boundary);
      clearInterval(interval);
    },
  };

  /** Applies a message's ideal cycle time, state and counts; false when it has none of them. */
  function apply(msg: FlowMessage, now: number): boolean {
    let used = false;
    const ict = cfg.idealCycleTimeProperty ? getMsgPath(msg, cfg.idealCycleTimeProperty) : undefined;
    if (ict !== undefined) {
      if (typeof ict !== 'number' || !(ict > 0) || !Number.isFinite(ict))
        throw new UserError('invalid_ideal_cycle_time', `${cfg.idealCycleTimeProperty} must be a number of ms > 0`);
      tracker.setIdealCycleTime(ict);
      used = true;
    }
    const state = cfg.stateProperty ? getMsgPath(msg, cfg.stateProperty) : undefined;
    if (state !== undefined) {
      if (!isState(state))
        throw new UserError(
          'invalid_state',
          `${cfg.stateProperty} must be one of ${MACHINE_STATES.join(', ')}, got ${JSON.stringify(state)}`,
        );
      const reason = cfg.reasonProperty ? getMsgPath(msg, cfg.reasonProperty) : undefined;
      tracker.setState(state, typeof reason === 'string' && reason !== '' ? reason : null, now);
      used = true;
    }
    for (const [kind, prop] of counterProps) {
      const raw = prop ? getMsgPath(msg, prop) : undefined;
      if (raw === undefined) continue;
      let delta: number;
      try {
        delta = counters[kind].delta(typeof raw === 'number' ? raw : Number.NaN);
      } catch {
        throw new UserError('invalid_count', `${prop} must be a whole number >= 0, got ${JSON.stringify(raw)}`);
      }
      tracker.addCount(kind, delta, now);
      used = true;
    }
    return used;
  }
}

function isState(v: unknown): v is MachineState {
  return typeof v === 'string' && (MACHINE_STATES as readonly string[]).includes(v);
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);

function statusOf(r: OeeRecord): NodeStatus {
  const text = `OEE ${pct(r.oee)} (A ${pct(r.availability)}, P ${pct(r.performance)}, Q ${pct(r.quality)})`;
  return { fill: r.oee === null ? 'yellow' : 'green', shape: r.final ? 'ring' : 'dot', text };
}
