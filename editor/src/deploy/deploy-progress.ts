/**
 * How many flows of a deploy report running since it began: a flow counts once its latest state
 * event is a new one (not the one it had before the deploy) and says `running`. The flow tabs show
 * each flow's own state (starting, restarting, crashed).
 */
export function flowsRunningSince(
  progress: { flowIds: readonly string[]; before: ReadonlyMap<string, unknown> },
  flowStates: ReadonlyMap<string, { state: string }>,
): number {
  return progress.flowIds.filter((id) => {
    const now = flowStates.get(id);
    return now !== undefined && now !== progress.before.get(id) && now.state === 'running';
  }).length;
}
