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
import { compileValue } from './typed-value.js';
// Sets the V8 flag that bounds excessive backtracking of the user regexes run here.
import '../switch/safe-regex.js';

type Step = (msg: FlowMessage) => void;

/** Compiles the rules once; each message then runs through them in order and is sent on. */
export function createChange(ctx: NodeContext<ChangeConfig>): NodeHandlers {
  const steps = ctx.config.rules.map((rule) => compileRule(rule, ctx));
  return {
    input(msg) {
      // A failing rule throws: the engine routes the error with the message to catch nodes and
      // the message is not sent on, as in Node-RED.
      for (const step of steps) step(msg);
      ctx.send(msg);
    },
  };
}

function compileRule(rule: ChangeRule, ctx: NodeContext<ChangeConfig>): Step {
  const target = parseMsgPath(rule.property);
  switch (rule.action) {
    case 'set': {
      const read = compileValue(rule.valueType, rule.value, ctx);
      return (msg) => setMsgPath(msg, target, read(msg));
    }
    case 'delete':
      return (msg) => void deleteMsgPath(msg, target);
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
