import { dirname, basename } from 'node:path/posix';
import type { NodeConverter, NodeRedNode } from '../types.js';
import { bool, text } from '../values.js';

const ENCODINGS = new Set(['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'hex']);
const ROOTS_WARNING = (dir: string) =>
  `absolute path: list "${dir}" (or a folder above it) in settings.json files.roots, or the node answers file_outside_base`;

/** The file path as a Millwright path template ('' = msg.filename), or why it cannot be one. */
function filePath(n: NodeRedNode, warnings: string[]): string | { unsupported: string } {
  const name = text(n['filename']).trim();
  // Before Node-RED 3 there is no filenameType: an empty name means msg.filename.
  const type = text(n['filenameType']) || (name ? 'str' : 'msg');
  if (type === 'msg') {
    if (name && name !== 'filename' && name !== 'msg.filename')
      return { unsupported: `the file name from msg.${name} (only msg.filename)` };
    return '';
  }
  if (type !== 'str') return { unsupported: `the file name from a "${type}" value` };
  if (name.includes('{{'))
    return { unsupported: `the file name "${name}" holds "{{", which Millwright reads as a template` };
  if (name.startsWith('/')) warnings.push(ROOTS_WARNING(dirname(name)));
  return name;
}

/** Node's name for a Node-RED encoding, or undefined when Millwright has none. */
function encodingOf(value: unknown): string | undefined {
  const e = text(value) || 'none';
  if (e === 'none') return 'utf8';
  const known = e === 'binary' ? 'latin1' : e === 'utf-8' ? 'utf8' : e === 'ucs2' || e === 'utf-16le' ? 'utf16le' : e;
  return ENCODINGS.has(known) ? known : undefined;
}

/** Node-RED `file` (write file): overwrite, append or delete, newline, create folders, encoding. */
export const fileWrite: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const path = filePath(n, warnings);
    if (typeof path !== 'string') return path;
    const overwrite = text(n['overwriteFile']);
    if (overwrite === 'delete') return { type: 'file-write', config: { path, mode: 'delete' }, warnings };
    const encoding = encodingOf(n['encoding']);
    if (!encoding) return { unsupported: `writing in the encoding "${text(n['encoding'])}"` };
    const newline = bool(n['appendNewline']);
    if (newline)
      warnings.push(
        'the newline is added after every payload (Node-RED: not after the last part of a string sequence)',
      );
    return {
      type: 'file-write',
      config: {
        path,
        mode: overwrite === 'true' ? 'overwrite' : 'append',
        newline,
        createDirs: bool(n['createDir']),
        encoding,
      },
      warnings,
    };
  },
};

const READ_OUTPUTS: Record<string, string> = { utf8: 'text', lines: 'lines', '': 'bytes' };

/** Node-RED `file in` (read file): one string, one message per line, or one buffer. */
export const fileRead: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const path = filePath(n, warnings);
    if (typeof path !== 'string') return path;
    const format = text(n['format']);
    const output = READ_OUTPUTS[format];
    if (!output) return { unsupported: `reading as a stream of buffer chunks` };
    const encoding = encodingOf(n['encoding']);
    if (!encoding) return { unsupported: `reading in the encoding "${text(n['encoding'])}"` };
    if (n['sendError'] === true || n['sendError'] === 'true')
      warnings.push('a failed read raises an error for catch nodes; the message is not sent on with msg.error');
    if (output === 'lines' && !bool(n['allProps']))
      warnings.push('each line message keeps all properties of the input (Node-RED: topic and filename only)');
    return { type: 'file-read', config: { path, output, encoding }, warnings };
  },
};

/** Node-RED `watch`: one file or folder becomes a file-watch on its folder (content not read). */
export const watch: NodeConverter = {
  kind: 'node',
  convert(n) {
    const files = text(n['files'])
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    if (files.length !== 1)
      return { unsupported: `watching ${files.length} paths at once (one file or folder converts)` };
    const target = (files[0] ?? '').replace(/\/+$/, '');
    // Node-RED watches files and folders alike; a last segment with a dot is taken for a file.
    const isFile = /\.[^/]*$/.test(basename(target));
    const dir = isFile ? dirname(target) : target;
    const warnings = [
      'the message has msg.filename, msg.event (add, change, unlink), msg.topic (the name below the folder) and a null payload (Node-RED: payload = file name, event update/rename)',
      `"${target}" is taken for a ${isFile ? 'file' : 'folder'}`,
    ];
    if (dir.startsWith('/')) warnings.push(ROOTS_WARNING(dir));
    return {
      type: 'file-watch',
      config: {
        dir,
        pattern: isFile ? basename(target) : '*',
        recursive: bool(n['recursive']),
        events: ['add', 'change', 'unlink'],
        initial: false,
        read: 'none',
        settleMs: 100,
      },
      warnings,
    };
  },
};
