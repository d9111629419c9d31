export { startSimPlc, freePort, APPLICATION_URI } from './sim-plc.js';
export type { SimPlc, SimPlcOptions, SimPlcStatePatch } from './sim-plc.js';
export { LineModel, REASON_CODES, DEFAULT_MACHINES } from './line-model.js';
export type { LineSnapshot, MachineSnapshot, MachineProfile, MachineState, ReasonCode } from './line-model.js';
export { LINE } from './address-space.js';
export { createPrng } from './prng.js';
export type { Prng } from './prng.js';
export { copyTestPki } from './test-pki.js';
