import { UserError } from '@millwright/model';

/** A flow file that could not be read or parsed as JSON. `code` is `invalid_flow_file`. */
export class FlowFileError extends UserError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('invalid_flow_file', `${file}: ${reason}`);
  }
}

/** A flow file whose text is not valid JSON, located at the (1-based) line and column of the error. */
export class FlowJsonError extends FlowFileError {
  constructor(
    file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(file, `invalid JSON: ${detail}`);
    this.message = `${file}:${line}:${column} invalid JSON: ${detail}`;
  }
}

/** `JSON.parse`, throwing `FlowJsonError` with the line and column of a syntax error. */
export function parseFlowJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const { line, column, detail } = jsonSyntaxError(text, err instanceof Error ? err.message : String(err));
    throw new FlowJsonError(file, line, column, detail);
  }
}

/**
 * Where `JSON.parse(text)` failed and why, from its error message. V8 names the offset in most
 * messages ("... in JSON at position 8 (line 1 column 9)"); "Unexpected end of JSON input" means
 * the end of the text, and for "Unexpected token 'x', "...snippet..." is not valid JSON" the
 * offset is found by scanning the text. The detail drops the offset and the snippet.
 */
export function jsonSyntaxError(text: string, message: string): { line: number; column: number; detail: string } {
  const positioned = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  let offset: number;
  let detail = message;
  if (positioned) {
    offset = Number(positioned[1]);
    detail = message.slice(0, positioned.index);
  } else if (message.startsWith('Unexpected end of JSON input')) {
    offset = text.trimEnd().length;
  } else {
    offset = jsonErrorOffset(text);
    detail = message.replace(/^(Unexpected token '[\s\S]'), [\s\S]* is not valid JSON$/, '$1');
  }
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1, detail };
}

/** Offset of the first JSON syntax error in `text` (text.length when there is none). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonScanError(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const expect = (c: string) => {
    if (text.charAt(i) !== c) fail();
    i++;
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text.charAt(i);
        if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text.charAt(i))) fail();
        } else if (e !== '' && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const digits = () => {
    const start = i;
    while (/[0-9]/.test(text.charAt(i))) i++;
    if (i === start) fail();
  };
  const number = () => {
    if (text.charAt(i) === '-') i++;
    if (text.charAt(i) === '0') i++;
    else digits();
    if (text.charAt(i) === '.') {
      i++;
      digits();
    }
    if (text.charAt(i) === 'e' || text.charAt(i) === 'E') {
      i++;
      if (text.charAt(i) === '+' || text.charAt(i) === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    space();
    const c = text.charAt(i);
    if (c === '{') {
      i++;
      space();
      if (text.charAt(i) === '}') return void i++;
      for (;;) {
        space();
        string();
        space();
        expect(':');
        value();
        space();
        if (text.charAt(i) === '}') return void i++;
        expect(',');
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text.charAt(i) === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text.charAt(i) === ']') return void i++;
        expect(',');
      }
    }
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c)) return number();
    const literal = ['true', 'false', 'null'].find((l) => l.startsWith(c) && c !== '');
    if (!literal) fail();
    for (const ch of literal ?? '') expect(ch);
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (err) {
    if (err instanceof JsonScanError) return err.offset;
    return 0; // nested too deeply for the scanner: point at the start
  }
}

class JsonScanError {
  constructor(readonly offset: number) {}
}
