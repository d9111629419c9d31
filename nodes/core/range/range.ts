import { UserError } from '@millwright/model';
import { getMsgPath, parseMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { describeValue } from '../parser-input.js';
import type { RangeConfig } from './config.js';

/** Builds the range node (Node-RED's arithmetic, including a reversed input range). */
export function createRange(ctx: NodeContext<RangeConfig>): NodeHandlers {
  const { property, action, round } = ctx.config;
  let { inMin, inMax, outMin, outMax } = ctx.config;
  // A reversed input range is turned around together with the output range: same mapping,
  // and clamp, drop and wrap can test inMin <= n <= inMax.
  if (inMin > inMax) [inMin, inMax, outMin, outMax] = [inMax, inMin, outMax, outMin];
  if (round) [outMin, outMax] = [Math.ceil(outMin), Math.floor(outMax)];
  const segs = parseMsgPath(property);
  const span = inMax - inMin;

  return {
    input(msg) {
      const value = getMsgPath(msg, segs);
      if (value === undefined) return ctx.send(msg);
      let n = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
      if ((typeof value === 'string' && value.trim() === '') || !Number.isFinite(n))
        throw new UserError(
          'range_not_a_number',
          `"${property}" is ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describeValue(value)}, not a number`,
        );
      if (action === 'drop' && (n < inMin || n > inMax)) return;
      if (action === 'clamp') n = Math.min(inMax, Math.max(inMin, n));
      if (action === 'wrap') n = ((((n - inMin) % span) + span) % span) + inMin;
      let out = ((n - inMin) / span) * (outMax - outMin) + outMin;
      if (round) out = Math.round(out);
      setMsgPath(msg, segs, out);
      ctx.send(msg);
    },
  };
}
