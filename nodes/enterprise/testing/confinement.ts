import { tmpdir } from 'node:os';
import { DEFAULT_OUTBOUND_DENY, type Confinement } from '@millwright/sdk';

/**
 * The confinement of node tests: temp folders for files, and loopback allowed explicitly, since
 * the tests' servers listen there (the default policy refuses loopback).
 */
export const TEST_CONFINEMENT: Confinement = {
  fileRoots: [tmpdir()],
  outbound: { allow: ['127.0.0.1', '::1'], deny: DEFAULT_OUTBOUND_DENY },
};
