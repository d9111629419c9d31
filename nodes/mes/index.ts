import type { AnyNodeDefinition, FamilyExtension } from '@millwright/sdk';
import { mesExtension } from './admin/trace-route.js';
import inventoryMovement from './inventory-movement/index.js';
import oee from './oee/index.js';
import qualityCheck from './quality-check/index.js';
import qualityEvent from './quality-event/index.js';
import traceQuery from './trace-query/index.js';
import traceRecord from './trace-record/index.js';

/** The MES nodes (quality, OEE, traceability, inventory). The runtime loads every module's `nodes` export. */
export const nodes: AnyNodeDefinition[] = [qualityCheck, oee, traceRecord, traceQuery, inventoryMovement, qualityEvent];

/** The trace API (GET /api/trace/:lot) the runtime mounts (see admin/trace-route.ts). */
export const extensions: FamilyExtension[] = [mesExtension];

// The genealogy store, for the runtime's trace API (GET /api/trace/:lot).
export { GENEALOGY_FILE, GenealogyStore } from './lib/genealogy/genealogy-store.js';
export type { GenealogyEdge } from './lib/genealogy/edge.js';
export { traceLot } from './lib/genealogy/trace.js';
export type { TraceDirection, TraceNode, TraceResult } from './lib/genealogy/trace.js';
