import { UserError, type FlowMessage } from '@millwright/model';
import { getMsgPath, parseMsgPath, setMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { load } from 'cheerio';
import { describeValue, textOf } from '../parser-input.js';
import { selectorProblem, type HtmlConfig } from './config.js';

/**
 * Builds the html node, with cheerio as Node-RED's html node uses it (same version), so what is
 * extracted is the same: inner HTML trimmed and re-serialised, text, attributes.
 */
export function createHtml(ctx: NodeContext<HtmlConfig>): NodeHandlers {
  const cfg = ctx.config;
  const from = parseMsgPath(cfg.property);
  const to = cfg.outProperty ? parseMsgPath(cfg.outProperty) : from;
  return {
    input(msg) {
      const value = getMsgPath(msg, from);
      if (value === undefined) return ctx.send(msg); // nothing to parse: passed on, as in Node-RED
      const html = textOf(value);
      if (html === undefined)
        throw new UserError('html_not_text', `"${cfg.property}" is ${describeValue(value)}, not HTML text`);
      if (html.length > cfg.maxInput)
        throw new UserError(
          'html_too_large',
          `"${cfg.property}" has ${html.length} characters, more than maxInput (${cfg.maxInput})`,
        );
      const selector = cfg.selector.trim() || (typeof msg['select'] === 'string' ? msg['select'] : '');
      if (!selector) throw new UserError('html_no_selector', 'no selector: set `selector` or `msg.select`');
      const problem = cfg.selector.trim() ? undefined : selectorProblem(selector);
      if (problem) throw new UserError('html_bad_selector', problem);
      const $ = load(html);
      const found = $(selector)
        .toArray()
        .map((el) => {
          const attribs = { ...((el as { attribs?: Record<string, string> }).attribs ?? {}) };
          const inner = () => ($(el).html() ?? '').trim();
          switch (cfg.output) {
            case 'html':
              return load(inner(), null, false).xml();
            case 'text':
              return $(el).text();
            case 'attributes':
              return attribs;
            case 'element':
              return { [cfg.contentKey]: inner(), ...attribs };
          }
        });
      if (!cfg.multiple) {
        setMsgPath(msg, to, found);
        return ctx.send(msg);
      }
      // One message per element; as Node-RED, an element giving an empty string is not sent.
      const out: FlowMessage[] = [];
      found.forEach((v, index) => {
        if (v === '') return;
        const part = structuredClone(msg);
        part.id = ctx.newMessage().id;
        setMsgPath(part, to, v);
        part['parts'] = { id: msg.id, index, count: found.length, type: 'string', ch: '' };
        out.push(part);
      });
      ctx.send([out]);
    },
  };
}
