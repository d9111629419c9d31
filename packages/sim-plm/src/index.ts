export { startSimPlm } from './sim-plm.js';
export type { SimPlm, SimPlmOptions, RevisionChange } from './sim-plm.js';
export { initialRevisions, nextRevision, defaultChange, revisionInformation, revisionXml } from './revisions.js';
export type { ProductRevision, BomLine } from './revisions.js';
