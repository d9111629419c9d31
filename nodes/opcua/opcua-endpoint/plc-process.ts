/**
 * Shared by the OPC UA integration tests that need a PLC they can freeze: the simulated PLC in a
 * child process (plc-process-child.ts), stopped with SIGSTOP and resumed with SIGCONT.
 * @internal
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LineSnapshot, SimPlcOptions, SimPlcStatePatch } from '@millwright/sim-plc';

export interface PlcProcess {
  readonly endpointUrl: string;
  readonly child: ChildProcess;
  /** SIGSTOP: the process stops answering, its sockets stay open (the kernel still accepts bytes). */
  freeze(): void;
  /** SIGCONT: it goes on, and handles what arrived meanwhile. */
  resume(): void;
  /**
   * Values written by clients so far and the line's state (only while not frozen), after applying
   * `patch` as SimPlc.setState does.
   */
  query(patch?: SimPlcStatePatch): Promise<{ writeCount: number; snapshot: LineSnapshot }>;
  /** SIGKILL, as a PLC that crashes: whatever it had not handled yet is lost. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./plc-process-child.ts', import.meta.url));

export async function startPlcProcess(options: SimPlcOptions = {}): Promise<PlcProcess> {
  const child = fork(CHILD, [JSON.stringify(options)], {
    execArgv: ['--conditions=@millwright/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ endpointUrl: string }>((resolve, reject) => {
    child.once('error', reject);
    void exited.then(() => reject(new Error('the PLC process exited before it listened')));
    child.on('message', (m: { type?: string; endpointUrl?: string }) => {
      if (m.type === 'ready' && m.endpointUrl) resolve({ endpointUrl: m.endpointUrl });
    });
  });
  let next = 0;
  return {
    endpointUrl: ready.endpointUrl,
    child,
    freeze: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    query(patch) {
      const id = ++next;
      return new Promise((resolve) => {
        const onMessage = (m: { type?: string; id?: number; writeCount: number; snapshot: LineSnapshot }) => {
          if (m.type !== 'answer' || m.id !== id) return;
          child.off('message', onMessage);
          resolve({ writeCount: m.writeCount, snapshot: m.snapshot });
        };
        child.on('message', onMessage);
        child.send({ type: 'query', id, ...(patch ? { patch } : {}) });
      });
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGCONT');
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
