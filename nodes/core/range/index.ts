import { defineNode } from '@millwright/sdk';
import { rangeConfig } from './config.js';

/** Scales a number from one range to another. */
export default defineNode({
  type: 'range',
  category: 'function',
  version: 1,
  label: 'range',
  description:
    'Maps a number linearly from an input range to an output range, such as 4-20 mA to 0-100 %, optionally clamping, wrapping or dropping values outside the input range, and rounding.',
  inputs: 1,
  outputs: ['out'],
  icon: 'activity',
  config: rangeConfig,
  async setup(ctx) {
    const { createRange } = await import('./range.js');
    return createRange(ctx);
  },
});
