import { createLogger } from '../logging/log-events.js';
import { routeProcessOutput } from '../logging/process-output.js';
import { runFlowSlot } from './flow-slot.js';
import { connectToParent } from './parent-channel.js';

// One flow in a worker thread or a child process of its own (`isolation: "dedicated"`, `process`).
// Ctrl-C reaches the whole process group: the runtime stops its flows first, then this process.
if (process.send) process.on('SIGINT', () => undefined);
const port = await connectToParent();
// stdout is the runtime's: node-opcua and console output become JSON log lines, as in the main process.
await routeProcessOutput(createLogger().child({ flowId: port.data.flowId }));
await runFlowSlot(port);
