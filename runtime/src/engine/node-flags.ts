/**
 * Node flags of every Millwright process: the runtime (added by bin/millwright.js), its flow host
 * processes and the systemd unit. One list, so a process never runs with half of them.
 * - `--no-node-snapshot`: isolated-vm asks for it in every process that creates isolates.
 * - `--max-semi-space-size=2`: V8 grows each young-generation semi-space to 16 MB under the
 *   allocation burst of a start-up and keeps it; capped at 2 MB, the runtime holds 17 MB less and
 *   each host process 13 MB less, with no loss of throughput in `npm run bench` (short-lived
 *   messages die young either way). Measured in docs/decisions/0005-shared-host-pool.md.
 */
export const NODE_FLAGS: readonly string[] = ['--no-node-snapshot', '--max-semi-space-size=2'];
