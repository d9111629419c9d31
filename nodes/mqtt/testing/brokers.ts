/**
 * Brokers for the MQTT integration tests and the latency benchmark: the embedded aedes broker and
 * Debian's mosquitto, each on a free loopback port.
 * @internal
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '@millwright/sdk';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export interface TestBroker {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

export interface Mosquitto extends TestBroker {
  /** Stops mosquitto (SIGTERM, so it saves its persistence file) and starts it again on the same port. */
  restart(pauseMs?: number): Promise<void>;
}

/** Shared with every test that starts a server on loopback. */
export { freePort, waitForPort };

/**
 * Starts mosquitto with persistence in a temp folder (`persistence true`, `user root` so it can
 * write a root-owned folder). With `tls`, the listener speaks TLS only, with that certificate and
 * key. Stop it in afterAll; stop() also deletes the folder.
 */
export async function startMosquitto(
  options: { tls?: { certFile: string; keyFile: string } } = {},
): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'millwright-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  const tls = options.tls ? [`certfile ${options.tls.certFile}`, `keyfile ${options.tls.keyFile}`] : [];
  await writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      ...tls,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'user root',
      'log_dest none',
      // Queue enough for the restart test; the defaults (1000 messages, unlimited bytes) would do too.
      'max_queued_messages 100000',
      // Persistent sessions also get QoS 0 messages sent while they were away (Sparkplug commands are QoS 0).
      'queue_qos0_messages true',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const launch = async () => {
    const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`mosquitto exited with ${code}: ${stderr}`))),
    );
    exited.catch(() => undefined);
    child = proc;
    await Promise.race([waitForPort(port), exited]);
  };
  const halt = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const gone = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await gone;
  };
  await launch();
  return {
    port,
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    async restart(pauseMs = 0) {
      await halt();
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      await launch();
    },
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A self-signed certificate for 127.0.0.1 and its key, as PEM files in `dir` (node-opcua-crypto,
 * pure JS, so the tests need no openssl binary). The certificate doubles as the CA to trust.
 */
export async function selfSignedCertificate(dir: string): Promise<{ certFile: string; keyFile: string }> {
  const { createSelfSignedCertificate, generatePrivateKey, privateKeyToPEM } = await import('node-opcua-crypto');
  const privateKey = await generatePrivateKey(2048);
  const { cert } = await createSelfSignedCertificate({
    privateKey,
    subject: '/CN=127.0.0.1',
    ip: ['127.0.0.1'],
    dns: ['localhost'],
    validity: 1,
    purpose: 2, // CertificatePurpose.ForApplication
  });
  const certFile = join(dir, 'broker.crt');
  const keyFile = join(dir, 'broker.key');
  await writeFile(certFile, cert);
  await writeFile(keyFile, (await privateKeyToPEM(privateKey)).privPem);
  return { certFile, keyFile };
}
