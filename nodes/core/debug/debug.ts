import type { FlowMessage } from '@millwright/model';
import { getMsgPath, parseMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { LINK_STACK } from '../link-call/link-stack.js';
import type { DebugConfig } from './config.js';

/** Label of the whole-message view, as listed in the DebugEvent `property` field. */
const COMPLETE_LABEL = '(complete message)';
const STATUS_MAX = 32;
const CONSOLE_MAX = 1_000;

/** Builds the debug node: publishes the configured property of every message. */
export function createDebug(ctx: NodeContext<DebugConfig>): NodeHandlers {
  const { active, toConsole, statusText, showTrace } = ctx.config;
  const complete = ctx.config.property === 'complete';
  const segs = complete ? [] : parseMsgPath(ctx.config.property);
  const label = complete ? COMPLETE_LABEL : ctx.config.property;
  return {
    input(msg) {
      if (!active) return;
      const value = complete ? (showTrace ? msg : withoutTrace(msg)) : getMsgPath(msg, segs);
      ctx.debug({ value, property: label, msg });
      if (toConsole) ctx.log.info(`${label}: ${preview(value, CONSOLE_MAX)}`);
      if (statusText) ctx.status({ fill: 'grey', shape: 'dot', text: preview(value, STATUS_MAX) });
    },
  };
}

/**
 * The message as users see it: without the engine's `trace` and link call stack (`_linkSource`),
 * both shown with `showTrace`.
 */
function withoutTrace(msg: FlowMessage): Omit<FlowMessage, 'trace'> {
  if (msg.trace === undefined && msg[LINK_STACK] === undefined) return msg;
  const { trace: _trace, [LINK_STACK]: _stack, ...rest } = msg;
  return rest;
}

/** A short one-line text of any value, cut to `max` characters. */
export function preview(value: unknown, max: number): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = 'undefined';
  else if (ArrayBuffer.isView(value)) text = `[${value.byteLength} bytes]`;
  else if (typeof value === 'bigint') text = `${value}n`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value); // circular or otherwise unserializable
    }
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
