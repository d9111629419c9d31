export { startSimQms, DISPOSITIONS } from './sim-qms.js';
export type { SimQms, SimQmsOptions, Capa, Disposition, ReceivedEvent } from './sim-qms.js';
