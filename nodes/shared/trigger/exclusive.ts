import type { IPollFunctions } from 'n8n-workflow';

/**
 * Polls of one trigger node that are still running in this process. n8n's durable poll
 * scheduler can start two polls of one node at once (after a restart it runs overdue and
 * lease-expired occurrences side by side); both read the same saved cursor and would emit the
 * same objects. The second one does nothing instead; the next poll continues normally.
 */
const running = new Map<string, { since: number }>();

/** A poll that never finished (it cannot: every request and wait is bounded) stops blocking after this. */
export const STUCK_POLL_MS = 15 * 60_000;

function pollKey(ctx: IPollFunctions): string | undefined {
	const workflowId = ctx.getWorkflow().id;
	const node = ctx.getNode();
	if (!workflowId) return undefined;
	return `${workflowId}\u0000${node.id ?? node.name}`;
}

/** Runs `poll` unless another poll of this node is running here; then returns null (nothing to emit, nothing saved). */
export async function runExclusive<T>(
	ctx: IPollFunctions,
	poll: () => Promise<T>,
	now = Date.now(),
): Promise<T | null> {
	const key = ctx.getMode() === 'manual' ? undefined : pollKey(ctx);
	if (key === undefined) return await poll();
	const other = running.get(key);
	if (other && now - other.since < STUCK_POLL_MS) {
		ctx.logger.info('Another poll of this trigger is still running; this one is skipped', {
			node: ctx.getNode().name,
			workflowId: ctx.getWorkflow().id,
			runningForMs: now - other.since,
		});
		return null;
	}
	const mine = { since: now };
	running.set(key, mine);
	try {
		return await poll();
	} finally {
		if (running.get(key) === mine) running.delete(key);
	}
}
