import type { ConvertContext, NodeConverter, NodeRedNode } from '../types.js';
import { bool, text } from '../values.js';

/** Node-RED scopes: null (all), a list of node ids, or "group" (the nodes of the catch node's group). */
function scopeOf(n: NodeRedNode, ctx: ConvertContext): { unsupported: string } | { scope: string; nodes: string[] } {
  const scope = n['scope'];
  if (scope === null || scope === undefined || scope === '') return { scope: 'all', nodes: [] };
  if (Array.isArray(scope)) {
    const nodes = scope
      .map(text)
      .filter((id) => ctx.node(id))
      .map((id) => ctx.idOf(id));
    return nodes.length ? { scope: 'selected', nodes } : { unsupported: 'scope lists no node of this export' };
  }
  if (scope === 'group') {
    if (!n.g) return { unsupported: 'scope "group" on a node outside any group' };
    const nodes = ctx
      .groupMembers(n.g)
      .filter((id) => id !== n.id)
      .map((id) => ctx.idOf(id));
    return nodes.length ? { scope: 'selected', nodes } : { unsupported: 'scope "group" on an empty group' };
  }
  return { unsupported: `scope "${text(scope)}" is not supported` };
}

/** Node-RED `catch`. */
export const catchNode: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    const s = scopeOf(n, ctx);
    if ('unsupported' in s) return s;
    return { type: 'catch', config: { ...s, uncaughtOnly: bool(n['uncaught']) } };
  },
};

/** Node-RED `status`. */
export const statusNode: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    const s = scopeOf(n, ctx);
    if ('unsupported' in s) return s;
    return { type: 'status', config: s };
  },
};

/** Node-RED `link in`: the link-out nodes name it by id. */
export const linkIn: NodeConverter = {
  kind: 'node',
  convert: () => ({ type: 'link-in', config: {} }),
};

/** Node-RED `link out` in `link` mode; `return` mode (answering a link call) has no equivalent yet. */
export const linkOut: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    if (n['mode'] === 'return')
      return {
        unsupported:
          'link out in "return" mode answers a link call, which has no Millwright equivalent; make the called group a subflow',
      };
    const warnings: string[] = [];
    const links: string[] = [];
    for (const id of Array.isArray(n['links']) ? n['links'].map(text) : []) {
      const target = ctx.node(id);
      if (target?.type === 'link in') links.push(ctx.idOf(id));
      else warnings.push(`link target "${id}" is not a link in node of this export; removed`);
    }
    return { type: 'link-out', config: { mode: 'link', links }, warnings };
  },
};
