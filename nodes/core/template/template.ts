import { UserError } from '@millwright/model';
import { parseMsgPath, setMsgPath, type ContextStore, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import type { TemplateConfig } from './config.js';

/** Builds the template node: renders the template per message into the configured property. */
export function createTemplate(ctx: NodeContext<TemplateConfig>): NodeHandlers {
  const { template, syntax, format } = ctx.config;
  const target = parseMsgPath(ctx.config.property);
  const options = { escape: format === 'json' ? escapeJson : escapeText };
  const flow = storeView(ctx.context.flow);
  const global = storeView(ctx.context.global);
  const env = new Proxy(
    {},
    {
      get: (_t, key) => (typeof key === 'string' ? ctx.env(key) : undefined),
      has: (_t, key) => typeof key === 'string' && ctx.env(key) !== undefined,
    },
  );
  return {
    input(msg) {
      const text =
        syntax === 'plain' ? template : Mustache.render(template, { ...msg, msg, flow, global, env }, {}, options);
      let value: unknown = text;
      if (format !== 'text') {
        try {
          // Aliases are bounded as in the yaml node (a "billion laughs" text cannot blow up).
          value = format === 'json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
        } catch (err) {
          ctx.error(
            new UserError(
              `template_invalid_${format}`,
              `template output is not valid ${format.toUpperCase()}: ${err instanceof Error ? err.message : String(err)}`,
            ),
            msg,
          );
          return;
        }
      }
      setMsgPath(msg, target, value);
      ctx.send(msg);
    },
  };
}

/** Context values by key for `{{flow.key}}`, read when the template asks (no copy of the store). */
function storeView(store: ContextStore): object {
  return new Proxy(
    {},
    {
      get: (_t, key) => (typeof key === 'string' ? store.get(key) : undefined),
      has: (_t, key) => typeof key === 'string' && store.get(key) !== undefined,
    },
  );
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// `{{x}}` in text: HTML-escaped as in Node-RED (`{{{x}}}` is raw), but only the five characters
// that matter in HTML; Mustache's default also rewrites `/`, `=` and backticks, which would
// mangle MQTT topics and URLs for no safety gain. Objects are written as JSON.
function escapeText(value: unknown): string {
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

// `{{x}}` in JSON output: strings are escaped to sit inside quotes, objects become JSON.
function escapeJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value).slice(1, -1);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
