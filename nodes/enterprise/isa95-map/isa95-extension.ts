import { B2mmlError, type Noun } from '@millwright/isa95';
import { UserError, type FlowMessage } from '@millwright/model';
import { defineFamilyExtension, type FamilyRoute } from '@millwright/sdk';
import { DOCUMENTS, isa95MapConfig } from './config.js';
import { NOUNS } from './isa95-names.js';
import { modelPaths, modelTree } from './model-tree.js';

/**
 * The mapping editor's helpers: the model of a document as a tree and its leaf paths (target picker) and a preview of the
 * B2MML a config writes for a sample message, with faults tied to the mapping rows they come from.
 * Routes, because the codec (fast-xml-parser, the model's zod schemas) stays out of the browser.
 */

export { modelPaths, modelTree, type ModelTreeNode } from './model-tree.js';

const nounOf = (document: string): Noun | undefined =>
  NOUNS.find((n) => document.endsWith(n) && DOCUMENTS.includes(document));

const paths: FamilyRoute = {
  method: 'GET',
  path: '/isa95/paths',
  permission: 'flows:read',
  handle(req) {
    const noun = nounOf(req.query['document'] ?? '');
    if (!noun) throw new UserError('invalid_request', `unknown document "${req.query['document'] ?? ''}"`);
    // The tree for the picker, its leaves as a flat list for the text field's suggestions.
    return { body: { noun, paths: modelPaths(noun), tree: modelTree(noun) } };
  },
};

/** One fault of a preview: its model path, message, and the mapping rows it comes from. */
export interface PreviewIssue {
  path: string;
  message: string;
  rows: number[];
}

const preview: FamilyRoute = {
  method: 'POST',
  path: '/isa95/preview',
  permission: 'flows:read',
  async handle(req) {
    const body = (req.body ?? {}) as { config?: unknown; message?: unknown };
    const parsed = isa95MapConfig.safeParse(body.config ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
        rows: i.path[0] === 'mappings' && typeof i.path[1] === 'number' ? [i.path[1]] : [],
      }));
      return { body: { ok: false, issues } };
    }
    const cfg = parsed.data;
    if (cfg.direction !== 'json-to-b2mml') throw new UserError('invalid_request', 'the preview writes B2MML');
    const { compileMappings, writeDocument } = await import('./isa95-map.js');
    const mappings = compileMappings(cfg);
    const message = (typeof body.message === 'object' && body.message !== null ? body.message : {}) as FlowMessage;
    try {
      return { body: { ok: true, xml: writeDocument(cfg, mappings, message).xml } };
    } catch (err) {
      if (!(err instanceof B2mmlError)) throw err;
      const issues = err.issues.map((i) => {
        const at = i.path.join('.');
        // A fault belongs to the rows writing at its path or below it (a required field of an object they fill).
        const rows = mappings.flatMap((m, row) => {
          const to = m.docPath.join('.');
          return to === at || to.startsWith(`${at}.`) ? [row] : [];
        });
        return { path: `$.${formatPath(i.path)}`, message: i.message, rows };
      });
      return { body: { ok: false, issues } };
    }
  },
};

const formatPath = (path: ReadonlyArray<string | number>) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** The isa95 mapping editor's routes. */
export const isa95Extension = defineFamilyExtension({
  id: 'isa95',
  routes: [paths, preview],
  editorHelpers: [
    {
      widget: 'table',
      description: 'isa95-map mapping table: target tree and paths of the chosen document',
      route: 'GET /isa95/paths',
    },
    {
      widget: 'table',
      description: 'isa95-map mapping table: B2MML preview for a sample message',
      route: 'POST /isa95/preview',
    },
  ],
});
