import { showValue, UserError, type FlowMessage, type NodeStatus } from '@millwright/model';
import { getMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import {
  MACHINE_STATES,
  OeeTracker,
  type CounterKind,
  type MachineState,
  type OeeRecord,
  type TrackerState,
} from '../lib/oee/tracker.js';
import { windowAt, type TimeWindow, type WindowSpec } from '../lib/oee/windows.js';
import { contextWriter } from '../lib/state/context-writer.js';
import { productionTime } from '../lib/time/production-time.js';
import type { OeeConfig } from './config.js';

/**
 * Node context key: `{ current, history, tracker, open, closing }`: the newest record, final
 * records (newest last), and what a restart needs to continue the shift (the tracker's sorted
 * data and the windows not yet final).
 */
export const OEE_CONTEXT_KEY = 'oee';
const HISTORY = 50;
const MAX_TIMER_MS = 2_147_483_647;
const BETWEEN_SHIFTS: NodeStatus = { fill: 'grey', shape: 'ring', text: 'between shifts' };
/** A burst of late values (an edge flushing its buffer) gives one restatement, this long after the last. */
const RESTATE_DELAY_MS = 1_000;

interface Stored {
  current: OeeRecord | null;
  history: OeeRecord[];
  tracker?: TrackerState;
  open?: TimeWindow | null;
  closing?: TimeWindow[];
  /** Oldest production time of late values whose restatement was not sent yet. */
  restateFrom?: number | null;
}

/** What one message says, checked before anything changes. */
interface Update {
  ideal?: number;
  state?: { state: MachineState; reason: string | null };
  counts: Array<[CounterKind, number]>;
}

/** Creates an oee instance. `clock` returns epoch ms; tests pass a fake one. */
export function createOee(ctx: NodeContext<OeeConfig>, clock: () => number = Date.now): NodeHandlers {
  const cfg = ctx.config;
  const tracker = new OeeTracker({
    idleAs: cfg.idleAs,
    idealCycleTimeMs: cfg.idealCycleTimeMs,
    countMode: cfg.countMode,
    counterMax: cfg.counterMax,
    resetBelow: cfg.resetBelow,
    rateMargin: cfg.rateMargin,
    confirmSamples: cfg.confirmSamples,
  });
  const counterProps: Array<[CounterKind, string]> = [
    ['total', cfg.totalProperty],
    ['good', cfg.goodProperty],
    ['reject', cfg.rejectProperty],
  ];
  const spec: WindowSpec =
    cfg.window === 'shift'
      ? { type: 'shift', shifts: cfg.shifts, timeZone: cfg.timeZone }
      : { type: cfg.window, lengthMs: cfg.windowMs };
  const tolerance = spec.type === 'rolling' ? 0 : cfg.reorderToleranceMs;

  // A restart continues from node context (persistent with a file context store).
  const stored = readStored(ctx.context.node.get(OEE_CONTEXT_KEY));
  const history: OeeRecord[] = stored?.history ?? [];
  let current: OeeRecord | null = stored?.current ?? null;
  if (stored?.tracker) tracker.restore(stored.tracker);
  /** The window the clock is in; windows that ended wait `reorderToleranceMs` in `closing`. */
  let open: TimeWindow | null = stored?.tracker ? (stored.open ?? null) : windowAt(spec, clock());
  const closing: TimeWindow[] = stored?.closing ?? [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let restateTimer: ReturnType<typeof setTimeout> | undefined;
  /** Oldest production time of late values not yet restated. */
  let restateFrom: number | null = stored?.restateFrom ?? null;
  let interval: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const write = contextWriter(ctx);
  const save = () =>
    write(() =>
      ctx.context.node.set(OEE_CONTEXT_KEY, {
        current,
        history,
        tracker: tracker.snapshot(),
        open,
        closing,
        restateFrom,
      } satisfies Stored),
    );

  const publish = (record: OeeRecord) => {
    if (record.final && !record.restated) {
      history.push(record);
      if (history.length > HISTORY) history.shift();
    }
    if (!record.restated) current = record.final ? null : record;
    ctx.status(statusOf(record));
    ctx.chart({ kind: 'oee', data: record });
    ctx.send([ctx.newMessage({ topic: cfg.topic, payload: record }), null]);
  };

  /** Oldest production time still booked; the data of its window is kept. */
  const horizon = (now: number) => (spec.type === 'rolling' ? now - spec.lengthMs : now - cfg.maxLatenessMs);

  /** Moves the windows along the clock: the open one, those waiting for late values, finals. */
  const roll = (now: number, persist = true) => {
    const next = windowAt(spec, now);
    if (spec.type === 'rolling') {
      open = next;
    } else {
      if (open && open.start !== next?.start) {
        closing.push(open);
        if (!next) ctx.status(BETWEEN_SHIFTS);
      }
      open = next;
      while (closing.length > 0 && now >= (closing[0] as TimeWindow).end + tolerance) {
        const w = closing.shift() as TimeWindow;
        publish(tracker.record({ ...w, closed: true }));
      }
    }
    const h = horizon(now);
    const keepFrom = Math.min(windowAt(spec, h)?.start ?? h, closing[0]?.start ?? now, open?.start ?? now);
    tracker.prune(keepFrom);
    if (persist) save();
    arm(now);
  };

  const arm = (now: number) => {
    clearTimeout(timer);
    if (closed || spec.type === 'rolling') return;
    const due = Math.min(open ? open.end : Infinity, closing[0] ? closing[0].end + tolerance : Infinity);
    if (due === Infinity) return;
    timer = setTimeout(() => roll(clock()), Math.min(Math.max(0, due - now + 1), MAX_TIMER_MS));
  };

  const publishCurrent = (now: number) => {
    if (open)
      publish(tracker.record({ start: open.start, end: Math.min(now, open.end), closed: false, name: open.name }));
  };

  /** Final records of the windows from `from` on, recomputed; those that changed are sent as restated. */
  const restate = (from: number) => {
    history.forEach((old, i) => {
      const [start, end] = [Date.parse(old.window.start), Date.parse(old.window.end)];
      if (end <= from) return;
      const fresh = tracker.record({ start, end, closed: true, name: old.window.name });
      const { restated: _, ...was } = old;
      if (JSON.stringify(fresh) === JSON.stringify(was)) return;
      const record = { ...fresh, restated: true };
      history[i] = record;
      publish(record);
    });
  };

  /** Sends the restatements late values are waiting for. */
  const flushRestate = () => {
    clearTimeout(restateTimer);
    restateTimer = undefined;
    if (restateFrom === null) return;
    const from = restateFrom;
    restateFrom = null;
    restate(from);
    save();
  };

  if (!open && spec.type !== 'rolling') ctx.status(BETWEEN_SHIFTS);
  // The first roll runs once setup is done: a window that ended while the runtime was down sends its final.
  // A restatement cut short by a restart goes out too.
  timer = setTimeout(() => {
    roll(clock());
    flushRestate();
  }, 0);
  if (cfg.emitOn !== 'update')
    interval = setInterval(() => {
      const now = clock();
      roll(now, false);
      publishCurrent(now);
      save();
    }, cfg.emitIntervalMs);

  return {
    input(msg) {
      const now = clock();
      roll(now, false);
      const { at } = productionTime(msg, { property: cfg.timeProperty, now, maxFutureMs: cfg.maxFutureMs });
      const update = parse(msg);
      // A value before the end of a window already sent final changes it (its own, or the state a later one starts in).
      const finalized = history.find((r) => at < Date.parse(r.window.end));
      const tooLate = at < horizon(now);
      if (tooLate || (finalized && cfg.lateValues === 'output')) {
        const late = {
          at: new Date(at).toISOString(),
          window: finalized?.window ?? null,
          reason: tooLate ? 'too_late' : 'window_closed',
        };
        if (cfg.lateValues === 'output') return ctx.send([null, { ...msg, late }]);
        throw new UserError(
          'too_late',
          `a value produced at ${late.at} is older than maxLatenessMs (${cfg.maxLatenessMs} ms): it cannot be booked`,
        );
      }
      if (update.ideal !== undefined) tracker.setIdealCycleTime(update.ideal, at);
      if (update.state) tracker.setState(update.state.state, update.state.reason, at);
      for (const [kind, value] of update.counts) tracker.addCount(kind, value, at);
      if (finalized) {
        // Late values come in bursts (an edge flushing its buffer): restate once, when the burst ends.
        restateFrom = Math.min(restateFrom ?? at, at);
        clearTimeout(restateTimer);
        restateTimer = setTimeout(flushRestate, RESTATE_DELAY_MS);
        save();
        return;
      }
      flushRestate();
      if (cfg.emitOn !== 'interval') publishCurrent(now);
      save();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(restateTimer);
      clearInterval(interval);
    },
  };

  /** The ideal cycle time, state and counts of a message; a UserError when one is invalid or none is there. */
  function parse(msg: FlowMessage): Update {
    const update: Update = { counts: [] };
    const ict = cfg.idealCycleTimeProperty ? getMsgPath(msg, cfg.idealCycleTimeProperty) : undefined;
    if (ict !== undefined) {
      if (typeof ict !== 'number' || !(ict > 0) || !Number.isFinite(ict))
        throw new UserError(
          'invalid_ideal_cycle_time',
          `${cfg.idealCycleTimeProperty} must be a number of ms > 0, got ${showValue(ict)}`,
        );
      update.ideal = ict;
    }
    const state = cfg.stateProperty ? getMsgPath(msg, cfg.stateProperty) : undefined;
    if (state !== undefined) {
      if (!isState(state))
        throw new UserError(
          'invalid_state',
          `${cfg.stateProperty} must be one of ${MACHINE_STATES.join(', ')}, got ${showValue(state)}`,
        );
      const reason = cfg.reasonProperty ? getMsgPath(msg, cfg.reasonProperty) : undefined;
      update.state = { state, reason: typeof reason === 'string' && reason !== '' ? reason : null };
    }
    for (const [kind, prop] of counterProps) {
      const raw = prop ? getMsgPath(msg, prop) : undefined;
      if (raw === undefined) continue;
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0)
        throw new UserError('invalid_count', `${prop} must be a whole number >= 0, got ${showValue(raw)}`);
      update.counts.push([kind, raw]);
    }
    if (update.ideal === undefined && !update.state && update.counts.length === 0) {
      const props = [cfg.stateProperty, ...counterProps.map(([, p]) => p), cfg.idealCycleTimeProperty].filter(Boolean);
      throw new UserError('unrecognized_message', `the message has none of ${props.join(', ')}`);
    }
    return update;
  }
}

function readStored(v: unknown): Stored | undefined {
  if (typeof v !== 'object' || v === null || !Array.isArray((v as Stored).history)) return undefined;
  return v as Stored;
}

function isState(v: unknown): v is MachineState {
  return typeof v === 'string' && (MACHINE_STATES as readonly string[]).includes(v);
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);

/** Green when the figures are whole; yellow with the reason when a factor is missing, impossible or counts are held. */
export function statusOf(r: OeeRecord): NodeStatus {
  const text = `OEE ${pct(r.oee)} (A ${pct(r.availability)}, P ${pct(r.performance)}, Q ${pct(r.quality)})`;
  const shape = r.final ? 'ring' : 'dot';
  if (r.performanceRaw !== null && r.performanceRaw > 1)
    return {
      fill: 'yellow',
      shape,
      text: `${text}: performance ${pct(r.performanceRaw)} > 100 %, check counts and ideal cycle time`,
    };
  if (r.heldCount > 0)
    return { fill: 'yellow', shape, text: `${text}: ${r.heldCount} parts held (suspected counter glitch)` };
  return { fill: r.oee === null ? 'yellow' : 'green', shape, text };
}
