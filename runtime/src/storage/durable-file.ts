import type { Adapter } from 'lowdb';
import { readJsonFile, writeFileDurably } from '@millwright/sdk';

// The durable write and the named JSON read live in the SDK, which the engine's persistent context
// also uses: one implementation for every file of the data dir.
export { CorruptFileError, codeOf, readJsonFile, readTextFile, writeFileDurably } from '@millwright/sdk';

/** {@link writeFileDurably} for credentials.json, users.json and key files: owner-only (0600). */
export const writeSecretFile = (file: string, text: string): Promise<void> => writeFileDurably(file, text, 0o600);

/** lowdb's JSON adapter with {@link readJsonFile} and {@link writeFileDurably} (lowdb's own neither fsyncs nor names the file). */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    return ((await readJsonFile(this.file)) as T | undefined) ?? null;
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.file, JSON.stringify(data, null, 2));
  }
}
