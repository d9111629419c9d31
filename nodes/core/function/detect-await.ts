/**
 * True when function code uses `await` outside comments and string literals, so it must run in an
 * async wrapper. A cheap scan, not a parser: a regex literal containing a quote can confuse it, so
 * the sandbox also retries as async when the sync compile fails with V8's "await is only valid"
 * error. A false positive only costs speed (the async path is still correct).
 */
export function usesAwait(code: string): boolean {
  return /\bawait\b/.test(stripCommentsAndStrings(code));
}

/** The code with comments and the text of string/template literals blanked out (`${}` kept). */
export function stripCommentsAndStrings(code: string): string {
  let out = '';
  // Open template literals; a `${` inside one pushes the brace depth it must return to.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const n = code.length;
  while (i < n) {
    const c = code.charAt(i);
    const next = code[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && code[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
    } else if (c === '"' || c === "'") {
      i = skipQuoted(code, i, c);
      out += '""';
    } else if (c === '`' || (c === '}' && templates.length && templates[templates.length - 1] === depth)) {
      if (c === '}') templates.pop();
      // Inside template text: skip to the closing backtick or the next `${`.
      i++;
      while (i < n && code[i] !== '`' && !(code[i] === '$' && code[i + 1] === '{')) i += code[i] === '\\' ? 2 : 1;
      if (code[i] === '$') {
        templates.push(depth);
        i += 2;
      } else i++;
      out += '``';
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      out += c;
      i++;
    }
  }
  return out;
}

function skipQuoted(code: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < code.length && code[i] !== quote && code[i] !== '\n') i += code[i] === '\\' ? 2 : 1;
  return i + 1;
}
