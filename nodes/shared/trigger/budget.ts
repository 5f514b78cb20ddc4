import type { INode, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Epoch ms by which a poll stops fetching, emits what it has and leaves the rest to the next
 * poll: the budget of n8n's durable poll scheduler (`getPollBudgetMs`, which abandons a poll
 * that overruns it) minus a reserve for building the items. Undefined on n8n versions without
 * a budget, where a poll reads everything.
 */
export function pollDeadline(ctx: IPollFunctions, now = Date.now()): number | undefined {
	// Read structurally: n8n-workflow 1.x has no getPollBudgetMs.
	const read = (ctx as unknown as { getPollBudgetMs?: () => unknown }).getPollBudgetMs;
	if (typeof read !== 'function') return undefined;
	let budget: number;
	try {
		budget = Number(read.call(ctx));
	} catch {
		return undefined;
	}
	if (!Number.isFinite(budget) || budget <= 0) return undefined;
	// Emitting, deduping and saving what was read takes time too (about a second for 50,000
	// alerts): fetching stops at 60% of the budget, at most 15 s before its end.
	const reserve = Math.min(15_000, budget * 0.4);
	return now + Math.max(500, budget - reserve);
}

/**
 * Items one poll emits at most by default; a burst drains over the next polls, in order. One
 * execution of 50,000 alerts kept a queue-mode worker busy for two minutes, long enough for n8n
 * to fail the other jobs on it as stalled (and drop their items).
 */
export const DEFAULT_MAX_PER_POLL = 10_000;

/** The per-poll cap option (`label` is its display name), checked before anything is read. */
export function readMaxPerPoll(node: INode, value: unknown, label: string): number {
	const max = Number(value ?? DEFAULT_MAX_PER_POLL);
	if (!Number.isInteger(max) || max < 1) {
		throw new NodeOperationError(node, `"${label}" must be a whole number of at least 1`);
	}
	return max;
}
