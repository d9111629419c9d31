/**
 * The Node-RED side of the linear flow, as a Node-RED flows file and a settings module.
 *
 * Node-RED's inject node cannot send a burst, so in each tab a function node emits the N messages
 * and the burst start time goes to global context; each tab's counter reads it back on its N-th
 * message and hands `{count, start, end}` to a core file node, which writes the file the bench polls.
 */

/**
 * The flows file (Node-RED's own format): one tab per entry of `resultFiles`, each a copy of the
 * flow with a burst of `messages` writing its result to that file. `withFunction: false` leaves out
 * the `payload * 2` function node. Node-RED keeps running for `lifetimeMs` at most unless stopped.
 */
export function nodeRedFlows(args: {
  messages: number;
  withFunction: boolean;
  resultFiles: readonly string[];
  lifetimeMs: number;
}): object[] {
  return args.resultFiles.flatMap((file, i) => nodeRedTab({ ...args, index: i, flows: args.resultFiles.length, file }));
}

/** The code of each tab's burst emitter, when there are `flows` tabs (exported for its unit test). */
export function burstCode(messages: number, flows: number): string {
  // Sending one array on output 0 sends every element in one call. Node-RED clones all but the
  // first of them, synchronously inside node.send() (its own send semantics), and delivers them
  // later (setImmediate). So every tab only queues its send; the last one ready sends them all and
  // then starts the clock: no burst's clones are timed, and no message has moved before the clock.
  return `const n = ${messages}; const msgs = new Array(n);
for (let i = 0; i < n; i++) msgs[i] = { payload: i };
const ready = global.get('ready') || [];
ready.push(() => node.send([msgs]));
global.set('ready', ready);
if (ready.length === ${flows}) {
  for (const send of ready) send();
  global.set('start', Date.now());
}
return null;`;
}

function nodeRedTab(args: {
  messages: number;
  withFunction: boolean;
  lifetimeMs: number;
  index: number;
  flows: number;
  file: string;
}): object[] {
  const n = args.messages;
  const tab = `bench-tab-${args.index}`;
  // Node ids are unique over the whole flows file, so each tab prefixes its own.
  const id = (name: string) => `f${args.index}-${name}`;
  const node = (name: string, type: string, wires: string[], extra: Record<string, unknown>) => ({
    id: id(name),
    type,
    z: tab,
    name,
    x: 100,
    y: 100,
    wires: [wires.map(id)],
    ...extra,
  });
  const inject = (name: string, wires: string[], onceDelay: number) =>
    node(name, 'inject', wires, {
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay,
      topic: '',
      payload: '',
      payloadType: 'date',
    });
  const fn = (name: string, wires: string[], func: string) =>
    node(name, 'function', wires, {
      func,
      outputs: 1,
      timeout: 0,
      noerr: 0,
      initialize: '',
      finalize: '',
      libs: [],
    });
  return [
    { id: tab, type: 'tab', label: `bench linear ${args.index}`, disabled: false, info: '' },
    inject('trigger', ['burst'], 0.1),
    // Headless Node-RED has nothing else holding its event loop: without this one idle timer it
    // exits once the burst is done, before the bench can read its RSS or stop it gracefully. It
    // fires once, after `lifetimeMs`, and then lets an orphaned Node-RED exit by itself.
    ...(args.index === 0 ? [inject('keepalive', [], Math.ceil(args.lifetimeMs / 1000))] : []),
    fn('burst', [args.withFunction ? 'double' : 'topic'], burstCode(n, args.flows)),
    ...(args.withFunction ? [fn('double', ['topic'], 'msg.payload = msg.payload * 2; return msg;')] : []),
    node('topic', 'change', ['count'], {
      rules: [{ t: 'set', p: 'topic', pt: 'msg', to: 'bench', tot: 'str' }],
      action: '',
      property: '',
      from: '',
      to: '',
      reg: false,
    }),
    fn(
      'count',
      ['result'],
      `const c = (context.get('c') || 0) + 1;
context.set('c', c);
if (c !== ${n}) return null;
return { payload: JSON.stringify({ count: c, start: global.get('start'), end: Date.now() }) };`,
    ),
    node('result', 'file', [], {
      filename: args.file,
      filenameType: 'str',
      appendNewline: false,
      createDir: true,
      overwriteFile: 'true',
      encoding: 'utf8',
    }),
  ];
}

/**
 * A settings module for a headless, offline run: no admin or node HTTP (so nothing listens),
 * no telemetry or update checks, no function timeout, quiet logging.
 */
export function nodeRedSettings(userDir: string): string {
  const settings = {
    userDir,
    uiHost: '127.0.0.1',
    uiPort: 0,
    httpAdminRoot: false,
    httpNodeRoot: false,
    functionTimeout: 0,
    credentialSecret: false,
    flowFilePretty: false,
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    logging: { console: { level: 'warn', metrics: false, audit: false } },
  };
  return `module.exports = ${JSON.stringify(settings, null, 2)};\n`;
}
