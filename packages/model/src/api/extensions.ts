import type { Flow } from '../flow.js';

/** A Node-RED node that became an `unsupported` placeholder (or, for a config node, was left out). */
export interface ImportPlaceholder {
  id: string;
  type: string;
  name?: string;
  /** Flow (tab) it sits on; undefined for global config nodes. */
  tab?: string;
  reason: string;
}

/** Something converted with a difference the user should know about. */
export interface ImportWarning {
  id?: string;
  type?: string;
  tab?: string;
  message: string;
}

/** What a Node-RED import did: counts, every placeholder with its reason, and every warning. */
export interface ImportReport {
  /** Flow nodes and config nodes converted to Millwright nodes. */
  converted: number;
  placeholders: ImportPlaceholder[];
  warnings: ImportWarning[];
  /** One entry per flow: id, name and node count. */
  flows: Array<{ id: string; name: string; nodes: number }>;
}

/**
 * POST /api/import/node-red: body is a Node-RED export (the flows.json array or `{ flows }`).
 * The flows are converted, not deployed: the editor opens them, the user deploys.
 */
export interface NodeRedImportResponse {
  flows: Flow[];
  report: ImportReport;
}

/** One entry of GET /api/nodes/packages: a custom node package found at start-up. */
export interface NodePackageInfo {
  name: string;
  version?: string;
  /** Package folder. */
  dir: string;
  /** Found in a node_modules folder or in a configured nodes directory. */
  source: 'node_modules' | 'nodes-dir';
  /** Node types it registered (empty when it failed). */
  types: string[];
  /** Why the package is not loaded; the runtime starts without it. */
  error?: string;
}

/** GET /api/nodes/packages */
export interface NodePackagesResponse {
  packages: NodePackageInfo[];
}
