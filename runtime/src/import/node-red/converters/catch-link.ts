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

/** Node-RED `link out`: to link-in nodes, or in `return` mode back to the calling link call. */
export const linkOut: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    if (n['mode'] === 'return') return { type: 'link-out', config: { mode: 'return', links: [] } };
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

/** Node-RED's link call timeout when none (or nonsense) is given: 30 s. */
const LINK_CALL_TIMEOUT_S = 30;

/**
 * Node-RED `link call`: a fixed target (the first of `links`) or `msg.target` (`linkType:
 * "dynamic"`); `timeout` in seconds. Millwright calls within one flow only (see link-call's docs).
 */
export const linkCall: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    const seconds = Number(text(n['timeout']));
    const timeoutMs = Math.round((seconds > 0 ? seconds : LINK_CALL_TIMEOUT_S) * 1000);
    if (n['linkType'] === 'dynamic')
      return {
        type: 'link-call',
        config: { linkType: 'dynamic', links: [], timeoutMs },
        warnings: ['msg.target is looked up among the link in nodes of this flow only (Node-RED: every flow)'],
      };
    const id = Array.isArray(n['links']) ? text(n['links'][0]) : '';
    const target = id ? ctx.node(id) : undefined;
    if (target?.type !== 'link in') return { unsupported: 'link call without a link in node of this export to call' };
    if (target.z !== n.z)
      return {
        unsupported:
          'link call into another tab: Millwright calls link-in nodes of the same flow only (links between flows are durable handoffs); move the called group into this tab or make it a subflow',
      };
    return { type: 'link-call', config: { linkType: 'static', links: [ctx.idOf(id)], timeoutMs } };
  },
};
