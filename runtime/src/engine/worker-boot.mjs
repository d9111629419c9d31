// Every flow worker thread starts here. Compiled, it imports the entry directly; from the TypeScript
// sources (tests, `npm run dev`) or with a TypeScript node module in `--dev`, it registers tsx
// first: a worker thread cannot start from a .ts file on its own.
import { workerData } from 'node:worker_threads';

if (workerData.tsLoader) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
