import { readFileSync } from 'node:fs';

/** The version of this runtime package (the SDK and model it ships with carry the same version). */
export const RUNTIME_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
