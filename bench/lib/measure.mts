// Timing and request counting against a simulator process.
import { performance } from 'node:perf_hooks';

import type { SandboxHandle } from '../../test/e2e/lib/sandbox.mts';

export const TOKEN_ROUTE = 'POST /iroh/oauth2/token';

export interface RunStats {
	ms: number;
	/** Vendor API requests, token requests not included. */
	requests: number;
	tokens: number;
	byRoute: Record<string, number>;
	items: number;
	error?: string;
}

export interface Outcome {
	items: number;
	error?: string;
}

export interface Contender {
	name: 'node' | 'floor' | 'naive';
	/** What exactly runs, for the report. */
	what: string;
	runs: number;
	/** Untimed runs first (JIT, connection pools). */
	warmup?: number;
	/** Untimed preparation before every run (not counted). */
	prepare?: () => Promise<void>;
	run: () => Promise<Outcome>;
}

export interface ContenderResult {
	name: string;
	what: string;
	runs: RunStats[];
	medianMs: number;
	requests: number;
	tokens: number;
	byRoute: Record<string, number>;
	items: number;
	error?: string;
	/** False when request counts differed between runs. */
	deterministic: boolean;
	/** Set when the figures were scaled from a smaller run (see `scaledNote`). */
	scaledNote?: string;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function once(sb: SandboxHandle, contender: Contender): Promise<RunStats> {
	await contender.prepare?.();
	await sb.resetStats();
	const started = performance.now();
	let outcome: Outcome;
	try {
		outcome = await contender.run();
	} catch (error) {
		outcome = { items: 0, error: (error as Error).message };
	}
	const ms = performance.now() - started;
	const { byRoute } = await sb.stats();
	const tokens = byRoute[TOKEN_ROUTE] ?? 0;
	const total = Object.values(byRoute).reduce((a, b) => a + b, 0);
	return { ms, requests: total - tokens, tokens, byRoute, items: outcome.items, error: outcome.error };
}

/** Runs the contenders interleaved (warm-ups first) and summarises each one. */
export async function compare(
	sb: SandboxHandle,
	contenders: Contender[],
	log: (line: string) => void,
): Promise<Record<string, ContenderResult>> {
	for (const contender of contenders) {
		for (let i = 0; i < (contender.warmup ?? 0); i++) await once(sb, contender);
	}
	const runs: Record<string, RunStats[]> = Object.fromEntries(contenders.map((c) => [c.name, []]));
	const rounds = Math.max(...contenders.map((c) => c.runs));
	for (let round = 0; round < rounds; round++) {
		for (const contender of contenders) {
			if (round >= contender.runs) continue;
			const stats = await once(sb, contender);
			runs[contender.name].push(stats);
			log(
				`    ${contender.name.padEnd(5)} run ${round + 1}: ${stats.requests} req + ${stats.tokens} token, ${stats.ms.toFixed(0)} ms, ${stats.items} items${stats.error ? `, error: ${stats.error.slice(0, 80)}` : ''}`,
			);
		}
	}
	const out: Record<string, ContenderResult> = {};
	for (const contender of contenders) {
		const list = runs[contender.name];
		const last = list[list.length - 1];
		out[contender.name] = {
			name: contender.name,
			what: contender.what,
			runs: list,
			medianMs: median(list.map((r) => r.ms)),
			requests: last.requests,
			tokens: last.tokens,
			byRoute: last.byRoute,
			items: last.items,
			error: last.error,
			deterministic: list.every((r) => r.requests === last.requests && r.tokens === last.tokens),
		};
	}
	return out;
}
