import type { NodeConverter } from '../types.js';
import { bool, msgProperty, num, text } from '../values.js';

const INJECT_TYPES: Record<string, string> = {
  date: 'timestamp',
  str: 'string',
  num: 'number',
  bool: 'boolean',
  json: 'json',
  env: 'env',
  jsonata: 'jsonata',
};

interface InjectProp {
  p?: unknown;
  v?: unknown;
  vt?: unknown;
}

/** Node-RED `inject`: payload/topic/props (JSONata too), once with delay, repeat interval (s) or crontab. */
export const inject: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    // Node-RED 1.1+ lists what it sets in `props`; older exports set payload and topic only.
    const props: InjectProp[] = Array.isArray(n['props'])
      ? (n['props'] as InjectProp[])
      : [{ p: 'payload' }, { p: 'topic' }];
    const payloadProp = props.find((p) => p.p === 'payload');
    const payloadType = payloadProp?.vt !== undefined ? text(payloadProp.vt) : text(n['payloadType'] || 'date');
    const payloadValue = payloadProp?.v !== undefined ? payloadProp.v : n['payload'];
    let config: Record<string, unknown> = {};
    if (!payloadProp) config = { payloadType: 'empty', payload: '' };
    else {
      const t = INJECT_TYPES[payloadType];
      if (!t) return { unsupported: `inject payload of type "${payloadType}" has no Millwright equivalent` };
      config = {
        payloadType: t,
        payload: t === 'timestamp' ? '' : t === 'jsonata' ? text(payloadValue).trim() : text(payloadValue),
      };
      if (t === 'number' && text(payloadValue).trim() === '') {
        config['payload'] = '0';
        warnings.push('empty number payload injected as 0');
      }
      if (t === 'boolean') config['payload'] = bool(payloadValue) ? 'true' : 'false';
    }
    const topicProp = props.find((p) => p.p === 'topic');
    config['topic'] = topicProp ? text(topicProp.v !== undefined ? topicProp.v : n['topic']) : '';
    const extra: Array<Record<string, string>> = [];
    for (const p of props) {
      if (p.p === 'payload' || p.p === 'topic') continue;
      const vt = INJECT_TYPES[text(p.vt || 'str')];
      if (!vt) return { unsupported: `inject property "${text(p.p)}" of type "${text(p.vt)}" has no equivalent` };
      extra.push({ property: msgProperty(p.p), valueType: vt, value: vt === 'timestamp' ? '' : text(p.v) });
    }
    config['props'] = extra;
    config['once'] = bool(n['once']);
    config['onceDelayMs'] = Math.max(0, Math.round(num(n['onceDelay'], 0.1) * 1000));
    const crontab = text(n['crontab']).trim();
    const repeatSec = num(n['repeat'], 0);
    if (crontab) {
      config['repeat'] = 'cron';
      config['cron'] = crontab;
    } else if (repeatSec > 0) {
      config['repeat'] = 'interval';
      config['intervalMs'] = Math.max(10, Math.round(repeatSec * 1000));
    } else config['repeat'] = 'none';
    return { type: 'inject', config, warnings };
  },
};

/** Node-RED `debug`: sidebar/console/status switches and the shown property (`complete`). */
export const debug: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const complete = text(n['complete']);
    let property: string;
    if (n['targetType'] === 'full' || complete === 'true') property = 'complete';
    else if (n['targetType'] === 'jsonata') {
      property = 'complete';
      warnings.push('JSONata debug expression replaced by the complete message');
    } else property = complete === 'false' || complete === '' ? 'payload' : msgProperty(complete);
    if (bool(n['tostatus']) && n['statusType'] && n['statusType'] !== 'auto')
      warnings.push('custom status value not supported; the status shows the debug value');
    return {
      type: 'debug',
      config: {
        property,
        active: n['active'] !== false && n['tosidebar'] !== false,
        toConsole: bool(n['console']),
        statusText: bool(n['tostatus']),
      },
      warnings,
    };
  },
};

/** Node-RED `comment`: name and info become the Markdown text. */
export const comment: NodeConverter = {
  kind: 'node',
  convert(n) {
    const title = text(n.name);
    const info = text(n['info']);
    return { type: 'comment', config: { text: [title && `**${title}**`, info].filter(Boolean).join('\n\n') } };
  },
};
