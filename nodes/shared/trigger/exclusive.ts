import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/**
 * Keeps polls of one trigger node from emitting the same objects twice in one n8n process.
 *
 * n8n's durable poll scheduler can start a poll of a node while another one runs (after a
 * restart it runs overdue and lease-expired occurrences side by side), and it commits a poll's
 * saved position together with the execution it creates, a few seconds after the poll returned
 * (longer for thousands of items). A poll that starts in either gap reads the old position and
 * would emit the same objects again. Such a poll does nothing instead: no items, no state change;
 * the next poll continues normally.
 */
const running = new Map<string, { since: number }>();
/** The saved position (`savedAt`) of the last poll here that emitted, and when it returned. */
const emitted = new Map<string, { savedAt: number; at: number }>();

/** A poll that never finished (it cannot: every request and wait is bounded) stops blocking after this. */
export const STUCK_POLL_MS = 15 * 60_000;
/**
 * How long a saved position older than the last emit is taken for a commit still on its way.
 * After that it is used (the emit's execution was never committed): objects may repeat, with
 * the same `_eventId`, but none is lost.
 */
export const COMMIT_GRACE_MS = 2 * 60_000;

function pollKey(ctx: IPollFunctions): string | undefined {
	const workflowId = ctx.getWorkflow().id;
	const node = ctx.getNode();
	if (!workflowId) return undefined;
	return `${workflowId}\u0000${node.id ?? node.name}`;
}

function savedAtOf(ctx: IPollFunctions, stateKey: string): number | undefined {
	const record = ctx.getWorkflowStaticData('node')[stateKey] as IDataObject | undefined;
	const savedAt = record && typeof record === 'object' ? record.savedAt : undefined;
	return typeof savedAt === 'number' && Number.isFinite(savedAt) ? savedAt : undefined;
}

/**
 * Runs `poll` unless another poll of this node is running here, or the saved position is older
 * than what the last poll here emitted; then returns null (nothing to emit, nothing saved).
 */
export async function runExclusive<T>(
	ctx: IPollFunctions,
	stateKey: string,
	poll: () => Promise<T | null>,
): Promise<T | null> {
	const key = ctx.getMode() === 'manual' ? undefined : pollKey(ctx);
	if (key === undefined) return await poll();
	const now = Date.now();
	const log = (reason: string, extra: IDataObject) =>
		ctx.logger.info(`This poll is skipped: ${reason}`, { node: ctx.getNode().name, workflowId: ctx.getWorkflow().id, ...extra });
	const other = running.get(key);
	if (other && now - other.since < STUCK_POLL_MS) {
		log('another poll of this trigger is still running', { runningForMs: now - other.since });
		return null;
	}
	const last = emitted.get(key);
	const savedAt = savedAtOf(ctx, stateKey);
	if (last && now - last.at < COMMIT_GRACE_MS && savedAt !== undefined && savedAt < last.savedAt) {
		log("the previous poll's items and position are still being committed", { sinceEmitMs: now - last.at });
		return null;
	}
	const mine = { since: now };
	running.set(key, mine);
	try {
		const result = await poll();
		const saved = savedAtOf(ctx, stateKey);
		if (result !== null && saved !== undefined) emitted.set(key, { savedAt: saved, at: Date.now() });
		return result;
	} finally {
		if (running.get(key) === mine) running.delete(key);
	}
}
