import { defineNode } from '@millwright/sdk';
import { fileWatchConfig } from './config.js';

/** Reports new, changed and removed files in a folder (batch transfer with legacy systems). */
export default defineNode({
  type: 'file-watch',
  category: 'storage',
  version: 1,
  label: 'file watch',
  description:
    'Watches a folder for new, changed or removed files matching a glob, waits until a file is no longer being ' +
    'written, and sends its content with the file name; optionally moves it to a done folder.',
  inputs: 0,
  outputs: ['file'],
  icon: 'folder-search',
  config: fileWatchConfig,
  async setup(ctx) {
    const { createFileWatch } = await import('./file-watch.js');
    return createFileWatch(ctx);
  },
});
