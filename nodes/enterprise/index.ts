import type { AnyNodeDefinition } from '@millwright/sdk';
import erpPost from './erp-post/index.js';
import httpRequest from './http-request/index.js';
import isa95Map from './isa95-map/index.js';

/** The enterprise nodes (ERP and file integration). The runtime loads every module's `nodes` export. */
export const nodes: AnyNodeDefinition[] = [isa95Map, erpPost, httpRequest];
