import type { DebugEvent, FlowNode } from '@millwright/model';
import { useEffect, useMemo, useState } from 'react';
import type { Isa95PreviewResponse, Isa95TreeNode } from '../../api/api-client.js';
import { useEditor } from '../../app/useEditor.js';
import { useRuntime } from '../../app/useRuntime.js';
import { useServices } from '../../app/useServices.js';
import type { SchemaIssue } from '../../schema/json-schema.js';
import { debugTwins, messageOf, messagePaths } from './sample.js';

/** What the isa95-map form gets from its helper: pickers' lists, the sample, the preview. */
export interface Isa95Mapping {
  active: boolean;
  /** The chosen document, e.g. `SyncOperationsPerformance`. */
  document: string;
  targets: readonly string[];
  /** The document noun's model as a tree (the target picker), once loaded. */
  tree: Isa95TreeNode | undefined;
  sources: readonly string[];
  sample: Record<string, unknown> | undefined;
  /** Where the sample comes from: the debug node's name, `pasted`, or undefined without one. */
  sampleFrom: string | undefined;
  /** Debug nodes on the wire into the map node (their last message is the sample). */
  twins: readonly string[];
  pasted: string;
  setPasted(text: string): void;
  pasteError: string | undefined;
  preview: Isa95PreviewResponse | undefined;
  /** Preview faults on the rows they come from, for the form. */
  rowIssues: SchemaIssue[];
}

const NONE: readonly string[] = [];

/** Lists, sample and live preview of an isa95-map node's mapping editor (inactive for other types). */
export function useIsa95Mapping(flowId: string, node: FlowNode): Isa95Mapping {
  const { api } = useServices();
  const active = node.type === 'isa95-map';
  const config = node.config as { document?: unknown; direction?: unknown };
  const document = typeof config.document === 'string' ? config.document : 'SyncOperationsPerformance';
  const writes = (config.direction ?? 'json-to-b2mml') === 'json-to-b2mml';
  const twinKey = useEditor((s) => {
    const flow = active ? s.flows.find((f) => f.id === flowId) : undefined;
    return flow ? debugTwins(flow, node.id).join(' ') : '';
  });
  const twins = useMemo(() => (twinKey ? twinKey.split(' ') : NONE), [twinKey]);
  const last = useRuntime((s) => {
    if (twins.length === 0) return undefined;
    for (let i = s.messages.length - 1; i >= 0; i--) {
      const e = s.messages[i];
      if (e?.kind === 'debug' && twins.includes(e.event.nodeId)) return e.event;
    }
    return undefined;
  });
  const [pasted, setPasted] = useState('');
  const [model, setModel] = useState<{ targets: readonly string[]; tree?: Isa95TreeNode }>({ targets: NONE });
  const [preview, setPreview] = useState<Isa95PreviewResponse | undefined>();

  useEffect(() => {
    if (!active) return;
    let live = true;
    api.isa95Paths(document).then(
      (r) => live && setModel({ targets: r.paths, ...(r.tree ? { tree: r.tree } : {}) }),
      () => live && setModel({ targets: NONE }),
    );
    return () => {
      live = false;
    };
  }, [api, active, document]);

  const { sample, pasteError } = useMemo(() => fromPasteOrDebug(pasted, last), [pasted, last]);
  const sources = useMemo(() => (sample ? messagePaths(sample) : NONE), [sample]);

  useEffect(() => {
    if (!active || !writes || !sample) return setPreview(undefined);
    let live = true;
    // Debounced: typing in a cell previews once the user pauses.
    const timer = setTimeout(() => {
      api.isa95Preview(node.config, sample).then(
        (r) => live && setPreview(r),
        (err: unknown) => live && setPreview({ ok: false, issues: [{ path: '', message: String(err), rows: [] }] }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, active, writes, sample, node.config]);

  const rowIssues = useMemo(
    () =>
      preview && !preview.ok
        ? // Only faults of the produced document: config faults already show on their cells.
          preview.issues.flatMap((i) =>
            (i.path.startsWith('$') ? i.rows : []).map((row) => ({
              path: ['mappings', row],
              code: 'preview',
              message: `preview: ${i.message}`,
            })),
          )
        : [],
    [preview],
  );
  const sampleFrom = pasted.trim() && !pasteError ? 'pasted' : last ? (last.nodeName ?? last.nodeId) : undefined;
  return {
    active,
    document,
    targets: model.targets,
    tree: model.tree,
    sources,
    sample,
    sampleFrom,
    twins,
    pasted,
    setPasted,
    pasteError,
    preview,
    rowIssues,
  };
}

function fromPasteOrDebug(
  pasted: string,
  last: DebugEvent | undefined,
): { sample: Record<string, unknown> | undefined; pasteError?: string } {
  if (pasted.trim()) {
    try {
      const v: unknown = JSON.parse(pasted);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return { sample: v as Record<string, unknown> };
      return { sample: last && messageOf(last), pasteError: 'a sample is a message object: {"payload": …}' };
    } catch {
      return { sample: last && messageOf(last), pasteError: 'not valid JSON yet' };
    }
  }
  return { sample: last && messageOf(last) };
}
