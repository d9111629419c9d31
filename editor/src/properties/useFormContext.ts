import { useMemo } from 'react';
import { useServices } from '../app/useServices.js';
import { createConfigNode, nodeLabel } from '../store/catalog.js';
import { edit } from '../store/editor-state.js';
import type { FormContext } from './form-context.js';

/** Config-node lookups and actions for forms of nodes in `flowId`. */
export function useFormContext(flowId: string): Omit<FormContext, 'root' | 'issues'> {
  const { editor } = useServices();
  return useMemo(
    () => ({
      configOptions(type: string, current?: string) {
        const st = editor.get();
        // The flow's own and the shared ones (decision 0039); another flow's only when already chosen.
        return st.flows.flatMap((f) =>
          (f.configs ?? [])
            .filter((c) => c.type === type && (f.id === flowId || f.shared || c.id === current))
            .map((c) => ({
              id: c.id,
              label: `${nodeLabel(c, st.catalog.get(c.type))}${f.id === flowId ? '' : f.shared ? ' (shared)' : ` (${f.name})`}`,
            })),
        );
      },
      nodeOptions(ref) {
        const st = editor.get();
        return st.flows
          .filter((f) => !ref.sameFlow || f.id === flowId)
          .flatMap((f) =>
            f.nodes
              .filter((n) => !ref.types?.length || ref.types.includes(n.type))
              .map((n) => ({
                id: n.id,
                label: `${nodeLabel(n, st.catalog.get(n.type))}${f.id === flowId ? '' : ` (${f.name})`}`,
              })),
          );
      },
      typeLabel(type: string) {
        return editor.get().catalog.get(type)?.label ?? type;
      },
      createConfig(type: string) {
        const entry = editor.get().catalog.get(type);
        if (!entry) return undefined;
        const config = createConfigNode(entry, `${entry.label} ${countOf(editor.get().flows, type) + 1}`);
        editor.set((s) => edit(s, { type: 'upsert-config', flowId, config }));
        return config.id;
      },
      editConfig(id: string) {
        editor.set((s) => ({ ...s, inspectedConfig: id }));
      },
    }),
    [editor, flowId],
  );
}

function countOf(flows: ReturnType<ReturnType<typeof useServices>['editor']['get']>['flows'], type: string): number {
  return flows.reduce((n, f) => n + (f.configs ?? []).filter((c) => c.type === type).length, 0);
}
