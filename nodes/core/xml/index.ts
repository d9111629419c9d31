import { defineNode } from '@millwright/sdk';
import { xmlConfig } from './config.js';

/** Converts between XML text and objects, in the shape Node-RED's xml node uses. */
export default defineNode({
  type: 'xml',
  category: 'parser',
  version: 1,
  label: 'xml',
  description:
    'Converts a message property between an XML string and an object (attributes under `$`, text under `_`, child elements as arrays, as in Node-RED). DOCTYPE is refused.',
  inputs: 1,
  outputs: ['out'],
  icon: 'file-text',
  config: xmlConfig,
  async setup(ctx) {
    const { createXml } = await import('./xml.js');
    return createXml(ctx);
  },
});
