import { AuditLog } from '../../audit/audit-log.js';
import { createKeyFile, parseKeyText, readKeyFile, type KeyMaterial } from '../../credentials/credential-key.js';
import { CredentialStore } from '../../credentials/credential-store.js';
import { rotateCredentialKey } from '../../credentials/rotate-key.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { DEFAULT_DATA_DIR } from './start.js';

/** `millwright credentials list|rotate-key`: inspect and re-key the encrypted credential store. */
export const credentialsCommand: Command = {
  name: 'credentials',
  usage: `Usage: millwright credentials <action> [options]

Actions:
  list          node ids and the credential names stored for them (never the values)
  rotate-key    re-encrypt every credential under a new key

The current key comes from MILLWRIGHT_CREDENTIAL_KEY (base64 of 32 bytes, or a passphrase of 16+
characters), else the file named by MILLWRIGHT_CREDENTIAL_KEY_FILE, else <data-dir>/credential.key.
rotate-key opens the store with the current key (a wrong key changes nothing), re-encrypts,
verifies and replaces credentials.json atomically. The new key is
  --new-key-env VAR     the value of environment variable VAR, or
  --new-key-file PATH   the key in PATH (a new random key is written there, mode 0600, if PATH
                        does not exist), or
  (neither)             a new random key replacing <data-dir>/credential.key (only when that
                        file holds the current key).
Afterwards start the runtime with the new key. Stop the runtime before rotating.

Options:
  --data-dir <dir>      runtime data directory (default ${DEFAULT_DATA_DIR})
  --new-key-env <VAR>   see above
  --new-key-file <PATH> see above
  -h, --help            show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      'data-dir': { type: 'string' },
      'new-key-env': { type: 'string' },
      'new-key-file': { type: 'string' },
    });
    const [action, ...rest] = positionals;
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR;
    if (action === 'list') {
      const store = await CredentialStore.open({ dataDir, createKey: false });
      for (const nodeId of store.nodeIds()) io.out(`${nodeId}\t${store.keysOf(nodeId).join(',')}`);
      return 0;
    }
    if (action !== 'rotate-key')
      throw new UsageError(action ? `unknown action "${action}"` : 'give an action: list, rotate-key');
    const newKey = await newKeyFrom(values['new-key-env'], values['new-key-file']);
    const result = await rotateCredentialKey({ dataDir, env: process.env, newKey });
    const audit = await AuditLog.open(dataDir, (err) => io.err(`could not write the audit log: ${String(err)}`));
    await audit.record({ action: 'key-rotate', actor: 'cli', details: { ...result } });
    await audit.close();
    io.out(
      `re-encrypted ${result.entries} credential entr${result.entries === 1 ? 'y' : 'ies'}: key ${result.oldKeyId} -> ${result.newKeyId}`,
    );
    if (result.keyFile) io.err(`${result.keyFile} now holds the new key`);
    else if (values['new-key-env'])
      io.err(`start the runtime with MILLWRIGHT_CREDENTIAL_KEY set to the value of ${values['new-key-env']}`);
    else io.err(`start the runtime with MILLWRIGHT_CREDENTIAL_KEY_FILE=${values['new-key-file']}`);
    io.err('the old key no longer decrypts anything: destroy every copy of it');
    return 0;
  },
};

async function newKeyFrom(envVar: string | undefined, file: string | undefined): Promise<KeyMaterial | undefined> {
  if (envVar !== undefined && file !== undefined)
    throw new UsageError('give --new-key-env or --new-key-file, not both');
  if (envVar !== undefined) {
    const value = process.env[envVar];
    if (!value) throw new UsageError(`environment variable ${envVar} is not set`);
    return parseKeyText(value, `$${envVar}`);
  }
  if (file !== undefined) return (await readKeyFile(file))?.material ?? (await createKeyFile(file));
  return undefined;
}
