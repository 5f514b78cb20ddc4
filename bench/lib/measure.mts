// Timing and request counting against a simulator process.
import { readFileSync } from 'node:fs';
import { constants, performance, PerformanceObserver } from 'node:perf_hooks';

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
	/** CPU time of this (the client's) process during the run: user + system, all threads. */
	cpuMs?: number;
	/** CPU time of its main thread (JavaScript; the rest is mostly V8's GC helper threads). */
	mainCpuMs?: number;
	/** Main-thread garbage-collection pauses of this process during the run. */
	gcMs?: number;
	/** Full (mark-compact) garbage collections during the run. */
	majorGcs?: number;
	/** CPU time of the simulator process during the run (Linux /proc; 10 ms resolution). */
	serverCpuMs?: number;
}

export interface Outcome {
	items: number;
	error?: string;
}

export interface Contender {
	/** node, floor, naive (the table's columns); P7 adds 'node 50k'. */
	name: string;
	/** What exactly runs, for the report. */
	what: string;
	runs: number;
	/** Untimed runs first (JIT, connection pools). */
	warmup?: number;
	/** Untimed preparation before every run (not counted). */
	prepare?: () => Promise<void>;
	run: () => Promise<Outcome>;
	/** The simulator this contender reads (default: the one passed to compare). */
	sandbox?: SandboxHandle;
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

/**
 * User + system CPU time in ms of a process, or of one thread with `/proc/<pid>/task/<tid>/stat`
 * (Linux, 100 ticks per second; undefined elsewhere).
 */
function cpuMsOf(statPath: string | undefined): number | undefined {
	if (statPath === undefined) return undefined;
	try {
		const stat = readFileSync(statPath, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return undefined;
	}
}
const processStat = (pid: number | undefined) => (pid === undefined ? undefined : `/proc/${pid}/stat`);
const MAIN_THREAD_STAT = `/proc/${process.pid}/task/${process.pid}/stat`;
const delta = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? b - a : undefined);

let gcPauseMs = 0;
let majorGcCount = 0;
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) {
		gcPauseMs += entry.duration;
		if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcCount++;
	}
}).observe({ entryTypes: ['gc'] });

async function once(defaultSandbox: SandboxHandle, contender: Contender): Promise<RunStats> {
	const sb = contender.sandbox ?? defaultSandbox;
	await contender.prepare?.();
	await sb.resetStats();
	const serverStat = processStat(sb.daemon.child.pid);
	const serverCpu = cpuMsOf(serverStat);
	const mainCpu = cpuMsOf(MAIN_THREAD_STAT);
	const cpu = process.cpuUsage();
	const gc = gcPauseMs;
	const majors = majorGcCount;
	const started = performance.now();
	let outcome: Outcome;
	try {
		outcome = await contender.run();
	} catch (error) {
		outcome = { items: 0, error: (error as Error).message };
	}
	const ms = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const mainCpuEnd = cpuMsOf(MAIN_THREAD_STAT);
	// GC entries are delivered asynchronously: let the observer catch up before reading.
	await new Promise((resolve) => setTimeout(resolve, 5));
	const gcMs = gcPauseMs - gc;
	const serverCpuEnd = cpuMsOf(serverStat);
	const { byRoute } = await sb.stats();
	const tokens = byRoute[TOKEN_ROUTE] ?? 0;
	const total = Object.values(byRoute).reduce((a, b) => a + b, 0);
	return {
		ms,
		requests: total - tokens,
		tokens,
		byRoute,
		items: outcome.items,
		error: outcome.error,
		cpuMs: (used.user + used.system) / 1000,
		mainCpuMs: delta(mainCpu, mainCpuEnd),
		gcMs,
		majorGcs: majorGcCount - majors,
		serverCpuMs: delta(serverCpu, serverCpuEnd),
	};
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
				`    ${contender.name.padEnd(5)} run ${round + 1}: ${stats.requests} req + ${stats.tokens} token, ${stats.ms.toFixed(0)} ms (cpu ${stats.cpuMs?.toFixed(0)} ms, main thread ${stats.mainCpuMs ?? '?'} ms, gc pauses ${stats.gcMs?.toFixed(0)} ms, ${stats.majorGcs} full GCs; simulator cpu ${stats.serverCpuMs ?? '?'} ms), ${stats.items} items${stats.error ? `, error: ${stats.error.slice(0, 80)}` : ''}`,
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
