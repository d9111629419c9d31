// Entry point run by bin/millwright.js (under tsx, with --no-node-snapshot).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
