import { defineNode } from '@millwright/sdk';
import { csvConfig } from './config.js';

/** CSV text to rows and back, for batch file transfer with legacy systems. */
export default defineNode({
  type: 'csv',
  category: 'parser',
  version: 1,
  label: 'csv',
  description:
    'Parses CSV text into rows (objects keyed by the header, or arrays), or formats rows as CSV (RFC 4180 quoting). ' +
    'Handles quoted delimiters and line breaks, doubled quotes, CRLF and a byte order mark.',
  inputs: 1,
  outputs: ['out'],
  icon: 'table',
  config: csvConfig,
  async setup(ctx) {
    const { createCsv } = await import('./csv.js');
    return createCsv(ctx);
  },
});
