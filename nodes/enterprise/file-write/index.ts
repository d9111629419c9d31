import { defineNode } from '@millwright/sdk';
import { fileWriteConfig } from './config.js';

/** Writes or appends the payload to a file. */
export default defineNode({
  type: 'file-write',
  category: 'storage',
  version: 1,
  label: 'file write',
  description:
    'Writes the payload to a file (path from a Mustache template or msg.filename): overwrite or append, ' +
    'create folders, optionally atomic (temp file and rename) and fsynced. Sends the message on with msg.filename.',
  inputs: 1,
  outputs: ['written'],
  icon: 'file-output',
  config: fileWriteConfig,
  async setup(ctx) {
    const { createFileWrite } = await import('./file-write.js');
    return createFileWrite(ctx);
  },
});
