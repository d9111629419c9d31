import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { treePssMb, treeRssMb } from '../lib/process-tree.js';
import { getJson, postJson, spawnEngine, waitForOk, type DeployTiming, type EngineProcess } from './engine.js';
import { nodeRedSettings, type NodeRedEntry } from './flows.js';

const require = createRequire(import.meta.url);
const RED_JS = require.resolve('node-red/red.js');

/**
 * Node-RED's log line once every flow of a (re)start has started: logged by
 * `@node-red/runtime/lib/flows/index.js` `start()` after each flow's `start()` resolved, for a full
 * start ("Started flows") and for a modified-flows or modified-nodes deploy ("Started modified
 * flows", "Started modified nodes"). `GET /flows/state` is not used: it says `start` before the
 * flows are started (the state is set first) and needs `runtimeState.enabled`.
 */
const STARTED = /\[info\] Started (?:modified )?(?:flows|nodes)\b/;

/**
 * `node red.js -u <fresh userDir> -p P -s <userDir>/settings.js`, with `flows.json` written into the
 * userDir beforehand (absent for zero flows, as in a new install).
 */
export async function startNodeRed(args: {
  userDir: string;
  flows: NodeRedEntry[];
  timeoutMs: number;
}): Promise<EngineProcess> {
  mkdirSync(args.userDir, { recursive: true });
  const settingsFile = join(args.userDir, 'settings.js');
  writeFileSync(settingsFile, nodeRedSettings(args.userDir));
  if (args.flows.length) writeFileSync(join(args.userDir, 'flows.json'), JSON.stringify(args.flows));
  const s = await spawnEngine({
    nodeArgs: (port) => [RED_JS, '-u', args.userDir, '-p', String(port), '-s', settingsFile],
    env: { NODE_RED_DISABLE_TELEMETRY: '1' },
    cwd: args.userDir,
  });
  const url = `http://127.0.0.1:${s.port}`;
  return {
    child: s.child,
    url,
    t0: s.t0,
    firstAnswer: async () => (await waitForOk(s.child, `${url}/flows`, args.timeoutMs)) - s.t0,
    allRunning: async () =>
      (await s.lines.waitFor(STARTED, s.t0, args.timeoutMs, 'Node-RED to log "Started flows"')) - s.t0,
    rssMb: () => treeRssMb(s.child.pid),
    pssMb: () => treePssMb(s.child.pid),
    readFlows: () => getJson(`${url}/flows`, args.timeoutMs),
    deploy: async (flows, mode): Promise<DeployTiming> => {
      const r = await postJson({
        url: `${url}/flows`,
        body: flows,
        headers: { 'Node-RED-Deployment-Type': mode },
        timeoutMs: args.timeoutMs,
      });
      if (r.status !== 204 && r.status !== 200)
        throw new Error(`Node-RED deploy (${mode}) answered ${r.status}: ${r.text}`);
      const started = await s.lines.waitFor(
        STARTED,
        r.t,
        args.timeoutMs,
        `Node-RED to log "Started ..." after a ${mode} deploy`,
      );
      return { answerMs: r.ms, runningMs: started - r.t };
    },
    stop: s.stop,
  };
}
