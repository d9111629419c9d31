import type { Flow } from './flow.js';
import { issue, type ValidationIssue } from './issues.js';
import type { NodeCatalog } from './node-type-info.js';

/** One node whose config was upgraded. */
export interface MigrationStep {
  nodeId: string;
  type: string;
  from: number;
  to: number;
}

/**
 * Upgrades every node and config node whose `typeVersion` is older than the installed type, one
 * version step at a time, so old flow files keep loading. Unknown types are left alone (the
 * validator reports them). Returns a new flow; the input is not modified.
 */
export function migrateFlow(
  flow: Flow,
  catalog: NodeCatalog,
): { flow: Flow; steps: MigrationStep[]; issues: ValidationIssue[] } {
  const steps: MigrationStep[] = [];
  const issues: ValidationIssue[] = [];
  const upgrade = <T extends { id: string; type: string; typeVersion: number; config: Record<string, unknown> }>(
    n: T,
    path: (string | number)[],
  ): T => {
    const info = catalog.get(n.type);
    if (!info || n.typeVersion >= info.version) return n;
    let config = n.config;
    for (let v = n.typeVersion; v < info.version; v++) {
      if (!info.migrate) {
        issues.push(issue([...path, 'typeVersion'], 'no_migration', `"${n.type}" has no migration from version ${v}`));
        return n;
      }
      try {
        config = info.migrate(v, JSON.parse(JSON.stringify(config)) as Record<string, unknown>);
      } catch (err) {
        issues.push(
          issue(
            [...path, 'config'],
            'migration_failed',
            `migrating "${n.type}" from version ${v} failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
        );
        return n;
      }
    }
    steps.push({ nodeId: n.id, type: n.type, from: n.typeVersion, to: info.version });
    return { ...n, typeVersion: info.version, config };
  };
  const nodes = flow.nodes.map((n, i) => upgrade(n, ['nodes', i]));
  const configs = flow.configs?.map((c, i) => upgrade(c, ['configs', i]));
  return { flow: { ...flow, nodes, ...(configs ? { configs } : {}) }, steps, issues };
}
