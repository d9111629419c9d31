/**
 * A file-name glob as a RegExp: `*` (any run of characters except `/`), `**` (anything, folders
 * too), `?` (one character), `[abc]` / `[!abc]` (one of / none of), `{csv,txt}` (alternatives).
 * Everything else is literal. Throws a plain Error on an unclosed `[` or `{`.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++; // `**/` also matches no folder at all
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) throw new Error(`unclosed "[" in "${glob}"`);
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else re += c.replace(/[.+^$()|\\/{}]/g, '\\$&');
  }
  if (depth) throw new Error(`unclosed "{" in "${glob}"`);
  return new RegExp(`^${re}$`);
}
