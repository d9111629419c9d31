import { defineNode } from '@millwright/sdk';
import { fileReadConfig } from './config.js';

/** Reads a file into the message, whole or one message per line. */
export default defineNode({
  type: 'file-read',
  category: 'storage',
  version: 1,
  label: 'file read',
  description:
    'Reads a file (path from a Mustache template or msg.filename) into msg.payload: as text, as bytes, ' +
    'or one message per line (a message sequence). Sends it on with msg.filename.',
  inputs: 1,
  outputs: ['content'],
  icon: 'file-input',
  config: fileReadConfig,
  async setup(ctx) {
    const { createFileRead } = await import('./file-read.js');
    return createFileRead(ctx);
  },
});
