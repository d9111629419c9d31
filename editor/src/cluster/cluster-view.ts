import type { ClusterRuntimeInfo, ClusterViewResponse, Flow } from '@millwright/model';

export type { ClusterRuntimeInfo, ClusterViewResponse };
import { formatAge } from '../queues/queue-rows.js';

/** A heartbeat older than this marks the runtime stale (they beat every second). */
export const STALE_AFTER_MS = 5_000;

/** One runtime as the Fleet dialog shows it. */
export interface FleetRuntimeRow {
  id: string;
  self: boolean;
  labels: Array<[string, string]>;
  version: string;
  uptime: string;
  health: string | undefined;
  /** Names (or ids) of the flows running there. */
  flows: string[];
  revision: string | undefined;
  /** The runtime runs another revision than the cluster's (a deploy not applied there yet). */
  revisionDiffers: boolean;
  stale: boolean;
  /** Seconds since the last heartbeat. */
  lastSeenS: number;
}

/** One flow's placement as the Fleet dialog shows it. */
export interface FleetFlowRow {
  flowId: string;
  name: string;
  mode: 'once' | 'all';
  labels: Array<[string, string]>;
  /** `once`: the runtime holding the lease, if any. */
  holder: string | undefined;
  /** Runtimes running the flow (from their heartbeats). */
  runningOn: string[];
}

const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000));

/** `3 h 5 min`: how long ago `startedAt` was. */
export function formatUptime(startedAt: number, now: number): string {
  return formatAge(seconds(now - startedAt));
}

/** The runtimes, this one first, then by id; `now` is the browser's clock. */
export function fleetRuntimeRows(view: ClusterViewResponse, flows: readonly Flow[], now: number): FleetRuntimeRow[] {
  const names = new Map(flows.map((f) => [f.id, f.name || f.id]));
  return [...view.runtimes]
    .sort((a, b) => Number(b.id === view.self) - Number(a.id === view.self) || a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      self: r.id === view.self,
      labels: sortedLabels(r.labels),
      version: r.version,
      uptime: formatUptime(r.startedAt, now),
      health: r.health,
      flows: r.flows.map((id) => names.get(id) ?? id),
      revision: r.revision,
      revisionDiffers: view.revision !== undefined && r.revision !== view.revision,
      stale: now - r.at > STALE_AFTER_MS,
      lastSeenS: seconds(now - r.at),
    }));
}

/** The deployed flows with their placement, lease holder and where they run. */
export function fleetFlowRows(view: ClusterViewResponse, flows: readonly Flow[]): FleetFlowRow[] {
  const names = new Map(flows.map((f) => [f.id, f.name || f.id]));
  return view.placement.map((p) => ({
    flowId: p.flowId,
    name: names.get(p.flowId) ?? p.flowId,
    mode: p.mode,
    labels: sortedLabels(p.labels),
    holder: p.holder,
    runningOn: view.runtimes.filter((r) => r.flows.includes(p.flowId)).map((r) => r.id),
  }));
}

function sortedLabels(labels: Record<string, string>): Array<[string, string]> {
  return Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
}

/** `line=1, site=lyon`: labels as the placement field shows them. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** Label names as the flow model accepts them (packages/model flowPlacementSchema). */
const LABEL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const LABEL_VALUE_MAX = 256;

/**
 * Parses `k=v, k=v` (the runtime's `--labels` syntax; empty entries skipped, spaces trimmed) into
 * a record, or says what is wrong with it.
 */
export function parseLabelsText(
  text: string,
): { ok: true; labels: Record<string, string> } | { ok: false; error: string } {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) return { ok: false, error: `"${part}" is not name=value` };
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!LABEL_NAME.test(name))
      return { ok: false, error: `label name "${name}": 1 to 64 letters, digits, _ . - only` };
    if (value.length > LABEL_VALUE_MAX) return { ok: false, error: `label ${name}: value longer than 256 characters` };
    if (Object.hasOwn(labels, name)) return { ok: false, error: `label ${name} is given twice` };
    labels[name] = value;
  }
  return { ok: true, labels };
}

/**
 * The flow's `placement` for a mode and labels; `null` (no placement stored) for the default, once
 * on any runtime.
 */
export function toPlacement(mode: 'once' | 'all', labels: Record<string, string>): Flow['placement'] | null {
  const hasLabels = Object.keys(labels).length > 0;
  if (mode === 'once' && !hasLabels) return null;
  return { mode, ...(hasLabels ? { labels } : {}) };
}
