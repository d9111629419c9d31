import type { NodeConverter } from '../types.js';
import { text } from '../values.js';

/** Shell syntax Node-RED's exec mode (which runs through /bin/sh) would interpret; a plain argv cannot. */
const SHELL_SYNTAX = /[|;&<>`$(){}*?~]|\\/;

/**
 * Splits a command line into words at spaces, keeping "double" and 'single' quoted parts
 * together (quotes removed). Undefined when a quote is not closed.
 */
export function splitWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word = (word ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + ch;
  }
  if (quote) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * Node-RED `exec`: the command line (and `append`) become a program and its arguments, run without
 * a shell. Shell syntax outside quotes, spawn mode (output streamed while it runs) and appending
 * another property than the payload become placeholders.
 */
export const execNode: NodeConverter = {
  kind: 'node',
  convert(n) {
    if (n['useSpawn'] === true || n['useSpawn'] === 'true')
      return {
        unsupported:
          'exec in spawn mode streams output while the command runs; the exec node sends it when the command ends',
      };
    const line = [text(n['command']), text(n['append'])].filter(Boolean).join(' ');
    const words = splitWords(line);
    // Shell syntax is checked outside quotes only: a quoted "-c" script is one argument.
    const unquoted = line.replace(/"[^"]*"|'[^']*'/g, '');
    if (!words?.length || SHELL_SYNTAX.test(unquoted))
      return {
        unsupported: `exec command "${line}" needs a shell (Node-RED runs it through /bin/sh); Millwright runs a program without one: call /bin/sh -c "..." explicitly`,
      };
    const [first = '', ...args] = words;
    const warnings = [
      `exec nodes are off by default: an admin enables them in settings.json (nodes.exec.enabled) and lists the command in nodes.exec.allow; deploying needs the admin role`,
    ];
    let command = first;
    if (!command.startsWith('/')) {
      command = `/usr/bin/${first}`;
      warnings.push(`command "${first}" became "${command}" (no PATH lookup): check the path`);
    }
    const addpay = n['addpay'];
    if (typeof addpay === 'string' && addpay !== '' && addpay !== 'payload')
      return { unsupported: `exec appending msg.${addpay}: only msg.payload can be appended` };
    const seconds = Number(text(n['timer']));
    if (!(seconds > 0)) warnings.push('no timeout in Node-RED: the exec node stops the command after 60 s');
    if (n['oldrc'] === true || n['oldrc'] === 'true')
      warnings.push('the "old style" return code output is not offered: the third output sends { code }');
    return {
      type: 'exec',
      config: {
        command,
        args,
        appendPayload: addpay === true || addpay === 'true' || addpay === 'payload',
        ...(seconds > 0 ? { timeoutMs: Math.round(seconds * 1000) } : {}),
      },
      warnings,
    };
  },
};
