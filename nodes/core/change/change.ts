import { UserError, type FlowMessage, type PathSegment } from '@millwright/model';
import {
  deleteMsgPath,
  getMsgPath,
  parseMsgPath,
  setMsgPath,
  type NodeContext,
  type NodeHandlers,
} from '@millwright/sdk';
import type { ChangeConfig, ChangeRule } from './config.js';
import { compileJsonata, inArrivalOrder } from '../jsonata-expression.js';
import { compileValue } from './typed-value.js';
// Sets the V8 flag that bounds excessive backtracking of the user regexes run here.
import '../switch/safe-regex.js';

/** A step returns a promise only when it evaluates JSONata. */
type Step = (msg: FlowMessage) => void | Promise<void>;

/** Compiles the rules once; each message then runs through them in order and is sent on. */
export function createChange(ctx: NodeContext<ChangeConfig>): NodeHandlers {
  const steps = ctx.config.rules.map((rule) => compileRule(rule, ctx));
  // Rules without JSONata stay synchronous: no promise per message on the common path.
  const async = ctx.config.rules.some((r) => r.action === 'set' && r.valueType === 'jsonata');
  return {
    // A failing rule throws: the engine routes the error with the message to catch nodes and
    // the message is not sent on, as in Node-RED.
    input: async
      ? inArrivalOrder(async (msg) => {
          for (const step of steps) await step(msg);
          ctx.send(msg);
        })
      : (msg) => {
          for (const step of steps) void step(msg);
          ctx.send(msg);
        },
  };
}

/** Writes (or deletes, with undefined) a msg property or a path inside a flow/global context value. */
function writer(
  scope: 'msg' | 'flow' | 'global',
  property: string,
  ctx: NodeContext<ChangeConfig>,
): (msg: FlowMessage, value: unknown) => void {
  if (scope === 'msg') {
    const target = parseMsgPath(property);
    return (msg, value) => (value === undefined ? void deleteMsgPath(msg, target) : setMsgPath(msg, target, value));
  }
  const [key, ...rest] = parseMsgPath(property, { msgPrefix: false });
  const store = ctx.context[scope];
  return (_msg, value) => {
    if (!rest.length) return value === undefined ? store.delete(String(key)) : store.set(String(key), value);
    const held = store.get(String(key));
    const root = typeof held === 'object' && held !== null ? held : {};
    if (value === undefined) deleteMsgPath(root, rest);
    else setMsgPath(root, rest, value);
    store.set(String(key), root);
  };
}

function compileRule(rule: ChangeRule, ctx: NodeContext<ChangeConfig>): Step {
  if (rule.action === 'set' || rule.action === 'delete') {
    const write = writer(rule.scope, rule.property, ctx);
    if (rule.action === 'delete') return (msg) => write(msg, undefined);
    if (rule.valueType === 'jsonata') {
      const evaluate = compileJsonata(rule.value, ctx);
      return async (msg) => write(msg, await evaluate(msg));
    }
    const read = compileValue(rule.valueType, rule.value, ctx);
    // A set to undefined (an `empty` value) keeps the property, set to undefined, as before.
    if (rule.scope === 'msg') {
      const target = parseMsgPath(rule.property);
      return (msg) => setMsgPath(msg, target, read(msg));
    }
    return (msg) => write(msg, read(msg));
  }
  const target = parseMsgPath(rule.property);
  switch (rule.action) {
    case 'move': {
      const to = parseMsgPath(rule.to);
      return (msg) => {
        const value = getMsgPath(msg, target);
        if (value === undefined) return;
        deleteMsgPath(msg, target);
        setMsgPath(msg, to, value);
      };
    }
    case 'change':
      return compileReplace(rule, target, ctx.config.regexMaxInput);
  }
}

function compileReplace(
  rule: Extract<ChangeRule, { action: 'change' }>,
  target: readonly PathSegment[],
  maxInput: number,
): Step {
  const { search, replace } = rule;
  if (rule.searchType === 'string') {
    return (msg) => {
      const v = getMsgPath(msg, target);
      // A function replacer keeps `$&` and friends literal in plain-text mode.
      if (typeof v === 'string')
        setMsgPath(
          msg,
          target,
          v.replaceAll(search, () => replace),
        );
    };
  }
  const re = new RegExp(search, 'g');
  return (msg) => {
    const v = getMsgPath(msg, target);
    if (typeof v !== 'string') return;
    if (v.length > maxInput)
      throw new UserError(
        'regex_input_too_long',
        `"${rule.property}" is ${v.length} characters, more than regexMaxInput (${maxInput}) for a regex rule`,
      );
    setMsgPath(msg, target, v.replace(re, replace));
  };
}
