/**
 * The JavaScript prelude evaluated inside every function-node isolate. It evaluates to a function
 * `(hostContext, hostEnv, info, progressBuffer) => api`: the two host callbacks are the only way
 * out of the isolate, `info` is `{ id, name, outputs }`, and `progressBuffer` is a SharedArrayBuffer
 * the host reads after the isolate was killed (index of the message that was running).
 *
 * Everything the user can see (msg, node, context, flow, global, env, console, timers) is built
 * here. Effects (sends, returns, status, logs, errors, timer changes) are queued as plain data and
 * handed to the host by `drain()`, so one crossing carries the effects of many messages.
 *
 * Hardening, because the host copies whatever `drain()` returns and that copy runs getters
 * WITHOUT the execution timeout (measured: an own getter looping forever hangs the host):
 * - every value leaving the isolate is rebuilt by `clone()` into objects user code never sees, and
 *   written so that no user-defined setter can run with them as `this` (which could add an
 *   accessor): object literals, arrays pre-filled by `Array.from` (CreateDataProperty), and for
 *   keys that exist on Object.prototype (`__proto__`, or keys user code defined there) a
 *   defineProperty with a null-prototype descriptor. Object.prototype has an immutable prototype
 *   and is never a proxy, so the `k in ObjectProto` test itself runs no user code. (Null-prototype
 *   objects would be simpler but serialize ~35% slower: measured.);
 * - the prelude is strict, so stack-trace tricks (CallSite#getFunction/getThis) cannot reach its
 *   closures, and the host callbacks stay private to it.
 * User code may still break its own sandbox (overwrite `node`, pollute prototypes); that only
 * affects this node's isolate.
 *
 * @internal
 */
export const SANDBOX_BOOTSTRAP = String.raw`(function (hostContext, hostEnv, info, progressBuffer) {
  'use strict';
  const apply = Reflect.apply;
  const ObjectKeys = Object.keys;
  const getProto = Object.getPrototypeOf;
  const getOwnDesc = Object.getOwnPropertyDescriptor;
  const defineProperty = Object.defineProperty;
  const ObjectProto = Object.prototype;
  const isArray = Array.isArray;
  const ArrayC = Array;
  const ArrayFrom = Array.from;
  const DateC = Date;
  const DateNow = Date.now;
  const dateGetTime = Date.prototype.getTime;
  const ErrorC = Error;
  const MapC = Map;
  const SetC = Set;
  const mapForEach = Map.prototype.forEach;
  const mapSet = Map.prototype.set;
  const setForEach = Set.prototype.forEach;
  const setAdd = Set.prototype.add;
  const PromiseThen = Promise.prototype.then;
  const StringC = String;
  const stringify = JSON.stringify;
  const isView = ArrayBuffer.isView;
  const U8 = Uint8Array;
  const u8Set = Uint8Array.prototype.set;
  const typedArrayTag = getOwnDesc(getProto(U8.prototype), Symbol.toStringTag).get;
  const typedCtors = { __proto__: null, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
    Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array };
  const dvBuffer = getOwnDesc(DataView.prototype, 'buffer').get;
  const dvOffset = getOwnDesc(DataView.prototype, 'byteOffset').get;
  const dvLength = getOwnDesc(DataView.prototype, 'byteLength').get;
  const abLength = getOwnDesc(ArrayBuffer.prototype, 'byteLength').get;
  const u8Buffer = getOwnDesc(getProto(U8.prototype), 'buffer').get;
  const STACK_RE = /(?:function|init|finalize)\.js:(\d+):(\d+)/;
  const MAX_DEPTH = 1000;
  const progress = new Int32Array(progressBuffer);

  // An array with own (undefined) elements, so later index writes meet no setter.
  const arrayOf = (length) => apply(ArrayFrom, ArrayC, [{ __proto__: null, length }]);
  const put = (o, k, v) => {
    if (k in ObjectProto) defineProperty(o, k, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true });
    else o[k] = v;
  };

  // Deep copy into fresh data-only objects (see the header). Functions and symbols are dropped as
  // JSON does; Date, typed arrays, ArrayBuffer, Map and Set survive as structured clone keeps them.
  function clone(v, depth) {
    const t = typeof v;
    if (t !== 'object') return t === 'function' || t === 'symbol' ? undefined : v;
    if (v === null) return null;
    if (depth > MAX_DEPTH) throw new TypeError('value is nested more than ' + MAX_DEPTH + ' levels deep (circular?)');
    const d = depth + 1;
    if (isArray(v)) {
      const n = v.length >>> 0;
      const a = arrayOf(n);
      for (let i = 0; i < n; i++) a[i] = clone(v[i], d);
      return a;
    }
    if (isView(v)) {
      const tag = apply(typedArrayTag, v, []);
      if (tag !== undefined) return new typedCtors[tag](v);
      return new U8(new U8(apply(dvBuffer, v, []), apply(dvOffset, v, []), apply(dvLength, v, [])));
    }
    if (v instanceof DateC) return new DateC(apply(dateGetTime, v, []));
    if (v instanceof MapC) {
      const m = new MapC();
      apply(mapForEach, v, [(val, key) => apply(mapSet, m, [clone(key, d), clone(val, d)])]);
      return m;
    }
    if (v instanceof SetC) {
      const s = new SetC();
      apply(setForEach, v, [(val) => apply(setAdd, s, [clone(val, d)])]);
      return s;
    }
    if (v instanceof ArrayBuffer) {
      const copy = new U8(apply(abLength, v, []));
      apply(u8Set, copy, [new U8(v)]);
      return apply(u8Buffer, copy, []);
    }
    const o = v instanceof ErrorC ? { name: text(v.name), message: text(v.message) } : {};
    const keys = ObjectKeys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const c = clone(v[k], d);
      if (c !== undefined) put(o, k, c);
    }
    return o;
  }

  function text(x) {
    try {
      if (typeof x === 'string') return x;
      if (x instanceof ErrorC) return StringC(x.name) + ': ' + StringC(x.message);
      if (typeof x === 'object' && x !== null) {
        const s = stringify(x);
        if (typeof s === 'string') return s;
      }
      return StringC(x);
    } catch (_) {
      return '[unprintable value]';
    }
  }

  // Only primitives are read out of the thrown value, into a literal.
  function errorInfo(e) {
    let name = 'Error', message, code, stack, line, column;
    try {
      if (typeof e === 'object' && e !== null) {
        if (e.name !== undefined) name = StringC(e.name);
        message = e.message !== undefined ? StringC(e.message) : text(e);
        if (typeof e.code === 'string') code = e.code;
        const s = e.stack;
        if (typeof s === 'string') {
          stack = s;
          const at = STACK_RE.exec(s);
          if (at) {
            line = +at[1];
            column = +at[2];
          }
        }
      } else message = text(e);
    } catch (_) {
      message = 'the thrown value could not be read';
    }
    return { name, message, code, stack, line, column };
  }

  // ---- effect queue ----------------------------------------------------------------------------
  let queue = { __proto__: null };
  let queued = 0;
  const push = (effect) => {
    queue[queued++] = effect;
  };
  function drain() {
    const q = queue;
    const n = queued;
    queue = { __proto__: null };
    queued = 0;
    const out = arrayOf(n);
    for (let i = 0; i < n; i++) out[i] = q[i];
    return out;
  }

  // Handle of the message whose code is running (-1: none); timers inherit it for attribution.
  let current = -1;
  const pushReturn = (m, value) => {
    let v;
    try {
      v = clone(value, 0);
    } catch (e) {
      push({ k: 'fail', m, e: errorInfo(e) });
      return;
    }
    push({ k: 'ret', m, v });
  };
  const pushFail = (m, e) => push({ k: 'fail', m, e: errorInfo(e) });
  const log = (level) => (...args) => {
    let s = '';
    for (let i = 0; i < args.length; i++) s += (i ? ' ' : '') + text(args[i]);
    push({ k: 'log', l: level, v: s });
  };

  // ---- the API user code sees --------------------------------------------------------------------
  const node = {
    id: StringC(info.id),
    name: StringC(info.name),
    outputCount: info.outputs,
    send(msg) {
      push({ k: 'send', v: clone(msg, 0), m: current });
    },
    status(s) {
      push({ k: 'status', v: clone(s, 0) });
    },
    error(err, msg) {
      push({ k: 'error', e: errorInfo(err), v: msg === undefined ? undefined : clone(msg, 0) });
    },
    log: log('info'),
    warn: log('warn'),
    debug: log('debug'),
    trace: log('debug'),
    // Node-RED's completion signal; here a message is complete when the function returns or its
    // promise settles, so there is nothing to do.
    done() {},
  };

  // Async code sends after an await, when current no longer names its message: each message gets
  // a node whose send says which message it belongs to (the host keeps that message unsettled).
  const nodeFor = (m) => ({
    __proto__: node,
    send(msg) {
      push({ k: 'send', v: clone(msg, 0), m });
    },
  });

  function store(scope) {
    const get1 = (key) => hostContext(scope, 'get', StringC(key));
    // A refused set (a persistent context over its limit) comes back as data: thrown here with its code.
    const set1 = (key, value) => {
      const refused = hostContext(scope, 'set', key, value);
      if (refused && refused.contextError) {
        const e = new ErrorC(StringC(refused.contextError.message));
        e.code = StringC(refused.contextError.code);
        throw e;
      }
    };
    const withCallback = (args, value) => {
      const cb = args[args.length - 1];
      if (typeof cb === 'function') cb(undefined, value);
      return value;
    };
    return {
      get(key, ...rest) {
        const value = isArray(key) ? key.map(get1) : get1(key);
        return withCallback(rest, value);
      },
      set(key, value, ...rest) {
        if (isArray(key)) {
          const values = isArray(value) ? value : [];
          for (let i = 0; i < key.length; i++) set1(StringC(key[i]), clone(values[i], 0));
        } else set1(StringC(key), clone(value, 0));
        withCallback(rest, undefined);
      },
      keys(...rest) {
        return withCallback(rest, hostContext(scope, 'keys'));
      },
    };
  }
  const context = store('node');
  const flow = store('flow');
  const global = store('global');
  const env = { get: (name) => hostEnv(StringC(name)) };

  // ---- host-driven timers ------------------------------------------------------------------------
  const timers = { __proto__: null };
  let timerSeq = 0;
  const addTimer = (rep) => (fn, ms, ...args) => {
    if (typeof fn !== 'function') throw new TypeError('timer callback must be a function');
    const id = ++timerSeq;
    timers[id] = { __proto__: null, fn, args, rep, owner: current };
    push({ k: 'timer', id, ms: +ms > 0 ? +ms : 0, rep, m: current });
    return id;
  };
  const clearTimer = (id) => {
    if (typeof id === 'number' && timers[id] !== undefined) {
      delete timers[id];
      push({ k: 'clear', id });
    }
  };
  function fire(id) {
    const t = timers[id];
    if (t === undefined) return;
    if (!t.rep) delete timers[id];
    const previous = current;
    current = t.owner;
    try {
      apply(t.fn, undefined, t.args);
    } catch (e) {
      push({ k: 'error', e: errorInfo(e) });
    } finally {
      current = previous;
    }
  }

  const g = globalThis;
  g.setTimeout = addTimer(false);
  g.setInterval = addTimer(true);
  g.clearTimeout = clearTimer;
  g.clearInterval = clearTimer;
  g.console = { log: log('info'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };

  // ---- entry points used by the host -------------------------------------------------------------
  let userFn = null;
  let userAsync = false;
  const hooks = { __proto__: null };

  // Runs msgs[0..] as messages base, base+1, ... until done or until yieldAfterMs elapsed (then the
  // host starts a new crossing, so a message never starts with less than the full time limit left).
  function runBatch(msgs, base, yieldAfterMs) {
    const start = DateNow();
    const n = msgs.length;
    for (let i = 0; i < n; i++) {
      if (i > 0 && DateNow() - start > yieldAfterMs) return i;
      progress[0] = i;
      const m = base + i;
      current = m;
      let out;
      try {
        out = userFn(msgs[i], userAsync ? nodeFor(m) : node, context, flow, global, env);
      } catch (e) {
        current = -1;
        pushFail(m, e);
        continue;
      }
      current = -1;
      if (!userAsync) pushReturn(m, out);
      else {
        // then() consults Promise species, which user code may have replaced.
        try {
          apply(PromiseThen, out, [(v) => pushReturn(m, v), (e) => pushFail(m, e)]);
        } catch (e) {
          pushFail(m, e);
        }
      }
    }
    progress[0] = n;
    return n;
  }

  function runHook(name, m) {
    const fn = hooks[name];
    if (fn === undefined) return pushReturn(m, undefined);
    current = m;
    try {
      apply(PromiseThen, fn(node, context, flow, global, env), [() => pushReturn(m, undefined), (e) => pushFail(m, e)]);
    } catch (e) {
      pushFail(m, e);
    } finally {
      current = -1;
    }
  }

  return {
    __proto__: null,
    install(fn, isAsync) {
      userFn = fn;
      userAsync = isAsync;
    },
    installHook(name, fn) {
      hooks[name] = fn;
    },
    runBatch,
    runHook,
    fire,
    drain,
  };
})`;
