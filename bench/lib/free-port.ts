/** Shared with the tests: a TCP port on 127.0.0.1 that was free a moment ago. */
export { freePort } from '@millwright/sdk';
