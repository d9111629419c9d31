/**
 * The Node-RED side of the linear flow, as a Node-RED flows file and a settings module.
 *
 * Node-RED's inject node cannot send a burst, so a function node emits the N messages and
 * stores the burst start time in flow context; the counter reads it back on the N-th message
 * and hands `{count, ms}` to a core file node, which writes the result file the bench polls.
 */

/**
 * The flows file (Node-RED's own format) for a burst of `messages`, writing to `resultFile`.
 * Node-RED keeps running for `lifetimeMs` at most unless it is stopped earlier.
 */
export function nodeRedFlows(args: { messages: number; resultFile: string; lifetimeMs: number }): object[] {
  const n = args.messages;
  const tab = 'bench-tab';
  const node = (id: string, type: string, wires: string[], extra: Record<string, unknown>) => ({
    id,
    type,
    z: tab,
    name: id,
    x: 100,
    y: 100,
    wires: [wires],
    ...extra,
  });
  return [
    { id: tab, type: 'tab', label: 'bench linear', disabled: false, info: '' },
    node('trigger', 'inject', ['burst'], {
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay: 0.1,
      topic: '',
      payload: '',
      payloadType: 'date',
    }),
    // Headless Node-RED has nothing else holding its event loop: without this one idle timer it
    // exits once the burst is done, before the bench can read its RSS or stop it gracefully. It
    // fires once, after `lifetimeMs`, and then lets an orphaned Node-RED exit by itself.
    node('keepalive', 'inject', [], {
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay: Math.ceil(args.lifetimeMs / 1000),
      topic: '',
      payload: '',
      payloadType: 'date',
    }),
    // Sending one array on output 0 sends every element in one call. Node-RED clones all but the
    // first of them, synchronously inside node.send() (its own send semantics); the clock starts
    // after that, so the timed window holds the flow's work, not the burst's preparation.
    fn(
      'burst',
      ['double'],
      `const n = ${n}; const msgs = new Array(n);
for (let i = 0; i < n; i++) msgs[i] = { payload: i };
node.send([msgs]);
flow.set('start', Date.now());
return null;`,
    ),
    fn('double', ['topic'], 'msg.payload = msg.payload * 2; return msg;'),
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
return { payload: JSON.stringify({ count: c, ms: Date.now() - flow.get('start') }) };`,
    ),
    {
      id: 'result',
      type: 'file',
      z: tab,
      name: 'result',
      filename: args.resultFile,
      filenameType: 'str',
      appendNewline: false,
      createDir: true,
      overwriteFile: 'true',
      encoding: 'utf8',
      x: 100,
      y: 100,
      wires: [[]],
    },
  ];

  function fn(id: string, wires: string[], func: string) {
    return node(id, 'function', wires, {
      func,
      outputs: 1,
      timeout: 0,
      noerr: 0,
      initialize: '',
      finalize: '',
      libs: [],
    });
  }
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
