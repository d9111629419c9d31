import { UsageError } from './command.js';

/**
 * A password for a CLI command: from the environment variable named by `--password-env` (for
 * scripts; never put passwords on the command line, where `ps` shows them), else typed at a
 * terminal without echo (asked twice), else the first line of piped stdin.
 */
export async function readSecret(args: {
  envVar: string | undefined;
  prompt: string;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
}): Promise<string> {
  if (args.envVar !== undefined) {
    const value = process.env[args.envVar];
    if (!value) throw new UsageError(`environment variable ${args.envVar} is not set`);
    return value;
  }
  const stdin = args.stdin ?? process.stdin;
  const stderr = args.stderr ?? process.stderr;
  if (!stdin.isTTY) return firstLine(stdin);
  const first = await typeHidden(stdin, stderr, `${args.prompt}: `);
  const second = await typeHidden(stdin, stderr, `${args.prompt} (again): `);
  if (first !== second) throw new UsageError('the two entries differ');
  return first;
}

async function firstLine(stdin: NodeJS.ReadStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** Reads one line from a terminal in raw mode, echoing nothing. Ctrl-C aborts. */
function typeHidden(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<string> {
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('aborted'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
