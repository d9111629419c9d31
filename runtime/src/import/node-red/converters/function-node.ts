import type { NodeConverter } from '../types.js';
import { num, text } from '../values.js';

/** APIs Node-RED function code may use that the Millwright sandbox does not offer, with what to tell the user. */
const UNSUPPORTED_APIS: Array<{ pattern: RegExp; message: string }> = [
  { pattern: /\bRED\s*\./, message: '`RED.*` (Node-RED runtime API) is not available in the sandbox' },
  { pattern: /\brequire\s*\(/, message: '`require()` is not available in the sandbox' },
  { pattern: /\bBuffer\b/, message: '`Buffer` is not available in the sandbox; binary payloads arrive as Uint8Array' },
  { pattern: /\bprocess\s*\./, message: '`process` is not available in the sandbox; use env.get(name)' },
  { pattern: /\bnode\s*\.\s*context\s*\(/, message: '`node.context()` is not supported; use `context`' },
  {
    pattern: /\bnode\s*\.\s*linkcall\s*\(/,
    message: '`node.linkcall()` is not available in the sandbox; wire a link-call node instead',
  },
  {
    pattern: /\bcontext\s*\.\s*(global|flow)\s*\./,
    message: '`context.global`/`context.flow` are not supported; use `global`/`flow`',
  },
  {
    pattern: /\bmsg\s*\.\s*res\s*\.\s*(?!id\b)\w/,
    message: '`msg.res` only carries the id the http-response node needs; Express response methods are not available',
  },
  {
    pattern: /\bmsg\s*\.\s*req\s*\.\s*(?!(params|query|headers|cookies|body|method|path)\b)\w/,
    message: '`msg.req` carries method, path, params, query, headers, cookies and body only (not the Express request)',
  },
];

/**
 * Checks Node-RED function code for APIs the sandbox lacks and rewrites `msg._msgid` (Node-RED's
 * message id) to `msg.id`, the Millwright equivalent. Returns the code and one warning per finding.
 */
export function adaptFunctionCode(code: string, field: string): { code: string; warnings: string[] } {
  const warnings: string[] = [];
  let out = code;
  if (/\bmsg\s*\.\s*_msgid\b/.test(out)) {
    out = out.replace(/\bmsg(\s*)\.(\s*)_msgid\b/g, 'msg$1.$2id');
    warnings.push(`${field}: msg._msgid rewritten to msg.id`);
  }
  for (const api of UNSUPPORTED_APIS) if (api.pattern.test(out)) warnings.push(`${field}: ${api.message}`);
  return { code: out, warnings };
}

/** Node-RED `function`: code, outputs, setup/close code, timeout; external modules are reported. */
export const functionNode: NodeConverter = {
  kind: 'node',
  convert(n) {
    const main = adaptFunctionCode(text(n['func']), 'code');
    const init = adaptFunctionCode(text(n['initialize']), 'initialize');
    const fin = adaptFunctionCode(text(n['finalize']), 'finalize');
    const warnings = [...main.warnings, ...init.warnings, ...fin.warnings];
    const libs = Array.isArray(n['libs']) ? (n['libs'] as Array<Record<string, unknown>>) : [];
    if (libs.length)
      warnings.push(
        `external modules (${libs.map((l) => text(l['module'] ?? l['var'])).join(', ')}) are not available in the sandbox`,
      );
    const outputs = Math.round(num(n['outputs'], 1));
    if (outputs < 1) warnings.push('a function with 0 outputs gets 1 unwired output');
    const config: Record<string, unknown> = {
      code: main.code,
      outputs: Math.min(16, Math.max(1, outputs)),
      initCode: init.code,
      finalizeCode: fin.code,
    };
    if (outputs > 16) return { unsupported: `${outputs} outputs (Millwright functions have at most 16)` };
    const timeoutSec = num(n['timeout'], 0);
    if (timeoutSec > 0) {
      // Node-RED's timeout is wall-clock time per message: it bounds both sync and async code here.
      const ms = Math.min(600_000, Math.max(1, Math.round(timeoutSec * 1000)));
      config['timeoutMs'] = ms;
      config['asyncTimeoutMs'] = ms;
    }
    return { type: 'function', config, warnings };
  },
};
