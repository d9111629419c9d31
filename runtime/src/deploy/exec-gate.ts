import { issue, UserError, type Flow, type Role, type ValidationIssue } from '@millwright/model';
import { isDeepStrictEqual } from 'node:util';

/** settings.json `nodes.exec`, as the deploy checks it. */
export interface ExecSettings {
  enabled: boolean;
  allow: readonly string[];
}

/**
 * The deploy's checks for exec nodes (decision 0032): refused while settings.json does not enable
 * them (`exec_disabled`, at the node's type) or for a command the allow-list lacks
 * (`exec_not_allowed`, at its `command`). Issue paths start at the flow's index.
 */
export function execIssues(flows: readonly Flow[], exec: ExecSettings | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  flows.forEach((flow, i) =>
    flow.nodes.forEach((n, j) => {
      if (n.type !== 'exec') return;
      if (!exec?.enabled)
        issues.push(
          issue(
            [i, 'nodes', j, 'type'],
            'exec_disabled',
            'exec nodes are off: an admin enables them in settings.json (nodes.exec.enabled) with an allow-list of commands',
          ),
        );
      else if (!exec.allow.includes(String(n.config['command'])))
        issues.push(
          issue(
            [i, 'nodes', j, 'config', 'command'],
            'exec_not_allowed',
            `"${String(n.config['command'])}" is not in settings.json nodes.exec.allow`,
          ),
        );
    }),
  );
  return issues;
}

/**
 * Exec nodes this deploy adds or changes (type, config, or its flow), compared with what is
 * stored: only an admin may deploy those. Unchanged exec nodes do not stop an editor's deploy.
 */
export function assertExecRole(flows: readonly Flow[], stored: readonly Flow[], role: Role | undefined): void {
  if (role === undefined || role === 'admin') return;
  const before = new Map(stored.flatMap((f) => f.nodes.map((n) => [n.id, { flow: f.id, node: n }] as const)));
  for (const flow of flows)
    for (const n of flow.nodes) {
      if (n.type !== 'exec') continue;
      const old = before.get(n.id);
      if (old?.flow === flow.id && old.node.type === 'exec' && isDeepStrictEqual(old.node.config, n.config)) continue;
      throw new UserError(
        'forbidden',
        `deploying a new or changed exec node ("${n.id}" in flow "${flow.id}") needs the admin role (you have ${role})`,
      );
    }
}
