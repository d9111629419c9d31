import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy } from 'node-opcua';
import { startSimPlc } from './sim-plc.js';

/** Bump when the layout of the cached folders changes. */
const CACHE = join(tmpdir(), 'millwright-sim-plc-pki-v2');
const LOCK = `${CACHE}.lock`;
const STALE_LOCK_MS = 60_000;

/**
 * Fills `target/plc` (server) and `target/client` with certificates made once per machine and
 * cached in the OS temp folder. Generating a key pair takes 1 to 2 s per PKI folder, which
 * otherwise every test file would pay twice. Each caller gets its own copy, so trust lists written
 * by one test never leak into another. Safe across parallel test processes (a lock directory).
 *
 * @internal for tests and benchmarks
 */
export async function copyTestPki(target: string): Promise<{ plc: string; client: string }> {
  await ensureCache();
  const plc = join(target, 'plc');
  const client = join(target, 'client');
  // `mutex` files and folders are node-opcua locks; a copy must not inherit one.
  const filter = (src: string) => !src.endsWith('mutex');
  await cp(join(CACHE, 'plc'), plc, { recursive: true, filter });
  await cp(join(CACHE, 'client'), client, { recursive: true, filter });
  return { plc, client };
}

async function ensureCache(): Promise<void> {
  if (await exists(join(CACHE, 'ready'))) return;
  await withLock(async () => {
    if (await exists(join(CACHE, 'ready'))) return;
    await rm(CACHE, { recursive: true, force: true });
    // Let a server and a client create what they look for, where they look for it.
    const plc = await startSimPlc({ simulate: false, pkiFolder: join(CACHE, 'plc') });
    const client = OPCUAClient.create({
      // The name Millwright's OPC UA client uses, so the certificate's application URI matches it.
      applicationName: 'Millwright',
      endpointMustExist: false,
      securityMode: MessageSecurityMode.None,
      securityPolicy: SecurityPolicy.None,
      clientCertificateManager: new OPCUACertificateManager({
        rootFolder: join(CACHE, 'client'),
        automaticallyAcceptUnknownCertificate: true,
      }),
      connectionStrategy: { maxRetry: 3, initialDelay: 100 },
    });
    try {
      await client.connect(plc.endpointUrl);
      await client.disconnect();
    } finally {
      await plc.stop();
    }
    await writeFile(join(CACHE, 'ready'), new Date().toISOString());
  });
}

async function withLock(fn: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      const age = Date.now() - ((await stat(LOCK).catch(() => null))?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    await fn();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}
