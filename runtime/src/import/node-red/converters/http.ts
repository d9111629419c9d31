import type { NodeConverter } from '../types.js';
import { bool, num, text } from '../values.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
const RESPONSE_TYPES: Record<string, string> = { txt: 'text', obj: 'json', bin: 'buffer' };

interface HeaderIn {
  keyType?: string;
  keyValue?: string;
  valueType?: string;
  valueValue?: string;
}

/** Node-RED `http request`: method, URL (Mustache), response type, headers, basic/bearer auth, errors on status. */
export const httpRequest: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const method = text(n['method'] || 'GET').toUpperCase();
    if (!METHODS.has(method)) return { unsupported: `method "${method}" (set by msg.method) is not supported` };
    const authType = text(n['authType']);
    if (authType === 'digest') return { unsupported: 'digest authentication is not supported' };
    const auth = authType === 'basic' ? 'basic' : authType === 'bearer' ? 'bearer' : 'none';
    if (auth !== 'none') warnings.push('credentials are not part of a Node-RED export; enter them again');
    const headers: Array<{ name: string; value: string }> = [];
    for (const h of Array.isArray(n['headers']) ? (n['headers'] as HeaderIn[]) : []) {
      const name = h.keyType === 'other' || !h.keyType ? text(h.keyValue) : text(h.keyType);
      const valueType = text(h.valueType || 'other');
      if (valueType === 'msg' || valueType === 'flow' || valueType === 'global' || valueType === 'env') {
        warnings.push(`header "${name}" takes its value from ${valueType}; not supported, header removed`);
        continue;
      }
      if (name) headers.push({ name, value: valueType === 'other' ? text(h.valueValue) : valueType });
    }
    if (n['paytoqs'] && n['paytoqs'] !== 'ignore') warnings.push('payload to query string is not supported');
    if (bool(n['persist']) || text(n['proxy']) || text(n['tls']))
      warnings.push('keep-alive, proxy and TLS settings are not converted');
    const timeoutMs = num(n['reqTimeout'], 0);
    return {
      type: 'http-request',
      config: {
        method,
        url: text(n['url']),
        headers,
        responseType: RESPONSE_TYPES[text(n['ret'])] ?? 'text',
        errorOnStatus: bool(n['senderr']),
        auth,
        ...(timeoutMs > 0 ? { timeoutMs: Math.min(600_000, Math.round(timeoutMs)) } : {}),
      },
      warnings,
    };
  },
};

/** Node-RED `http in`: method and URL path; the endpoint moves below `/http` on the runtime. */
export const httpIn: NodeConverter = {
  kind: 'node',
  convert(n) {
    const method = text(n['method'] || 'get').toUpperCase();
    if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
      return { unsupported: `method "${method}" is not supported` };
    const url = text(n['url']).trim();
    const path = url.startsWith('/') ? url : `/${url}`;
    const warnings = [`the endpoint is served at /http${path} on the runtime (Node-RED served it at ${path})`];
    if (bool(n['upload'])) warnings.push('multipart file uploads are not parsed; the body arrives as bytes');
    return { type: 'http-in', config: { method, path }, warnings };
  },
};

/** Node-RED `http response`: status code and headers (`msg.statusCode` and `msg.headers` still apply). */
export const httpResponse: NodeConverter = {
  kind: 'node',
  convert(n) {
    const headers =
      typeof n['headers'] === 'object' && n['headers'] !== null
        ? Object.entries(n['headers'] as Record<string, unknown>).map(([name, value]) => ({ name, value: text(value) }))
        : [];
    const status = num(n['statusCode'], 0);
    // Node-RED lets the node's settings win over the message's; Millwright the message's.
    const warnings: string[] = [];
    if (status)
      warnings.push(`msg.statusCode, when set, wins over the configured ${status} (Node-RED: the node's wins)`);
    if (headers.length) warnings.push("msg.headers win over the configured headers (Node-RED: the node's win)");
    return {
      type: 'http-response',
      config: { ...(status ? { statusCode: Math.round(status) } : {}), headers },
      ...(warnings.length ? { warnings } : {}),
    };
  },
};
