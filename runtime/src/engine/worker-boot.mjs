// Worker threads cannot start from a .ts file on Node 20 even when the parent runs under tsx, so
// every flow worker starts here: register the tsx loader, then import the real entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
