import type { IPollFunctions } from 'n8n-workflow';

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
