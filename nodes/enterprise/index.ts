import { outboxExtension } from '@millwright/outbox';
import type { AnyNodeDefinition, FamilyExtension } from '@millwright/sdk';
import csv from './csv/index.js';
import erpPost from './erp-post/index.js';
import fileRead from './file-read/index.js';
import fileWatch from './file-watch/index.js';
import fileWrite from './file-write/index.js';
import httpIn from './http-in/index.js';
import httpRequest from './http-request/index.js';
import httpResponse from './http-response/index.js';
import isa95Map from './isa95-map/index.js';
import { isa95Extension } from './isa95-map/isa95-extension.js';

/** The enterprise nodes (ERP and file integration). The runtime loads every module's `nodes` export. */
export const nodes: AnyNodeDefinition[] = [
  isa95Map,
  erpPost,
  httpIn,
  httpResponse,
  httpRequest,
  fileWatch,
  fileWrite,
  fileRead,
  csv,
];

/**
 * Its store-and-forward nodes keep outboxes: the outbox admin routes (registered once however many
 * families list them); the ISA-95 mapping editor's target paths and preview.
 */
export const extensions: FamilyExtension[] = [outboxExtension, isa95Extension];
