// The seven scenarios of `npm run bench`. Each one starts its own simulator process (so the
// simulator's CPU time does not share the event loop with the contenders), injects latency on
// every vendor route and runs our node, the floor and the naive n8n flow side by side.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

import type { SandboxHandle } from '../test/e2e/lib/sandbox.mts';
import { startSandboxProcess } from '../test/e2e/lib/sandbox.mts';
import { cbcCredentials, ctaCredentials, pollOnce, repoRoot } from '../test/harness/engine.mts';
import { HarnessCredentialsHelper, runFlow } from './lib/engine.mts';
import { startSlowSandboxProcess } from './lib/sandbox.mts';
import type { FlowNode } from './lib/engine.mts';
import {
	CBC_ORG,
	CBC_TOKEN,
	cbcCountAlerts,
	ctaToken,
	CTA_CUSTOMER,
	floorAnnotations,
	floorCbcWindow,
	floorCtaCollect,
	floorQuarantine,
	floorSearchAll,
	floorWorkflowUpdate,
} from './lib/floor.mts';
import type { Contender, ContenderResult } from './lib/measure.mts';
import { compare, median, TOKEN_ROUTE } from './lib/measure.mts';
import {
	naiveCbcQuarantine,
	naiveCbcSearchAll,
	naiveCbcWindow,
	naiveCbcWorkflow,
	naiveCtaAlertsAfter,
	naiveCtaAnnotations,
	naiveCtaEvents,
} from './lib/naive.mts';

type Json = Record<string, any>;

export interface Target {
	name: string;
	value: number;
	op: '<=' | '>=' | '==';
	limit: number;
	met: boolean;
}

export interface ScenarioResult {
	id: string;
	title: string;
	setup: string;
	contenders: Record<string, ContenderResult>;
	targets: Target[];
	/** One sentence for the README, with the measured figures. */
	summary: string;
	notes: string[];
	extra?: Json;
	/** The run that measured it (set by run.mts; `--only` keeps the other scenarios' results). */
	measured?: {
		date: string;
		commit: string;
		dirty: boolean;
		runs: number;
		latencyMs: number;
		/** 'all' or the --only list of that run. */
		scenarios: string;
		/** The whole `npm run bench` invocation. */
		runSeconds: number;
		/** This scenario. */
		seconds?: number;
	};
}

export interface BenchConfig {
	latencyMs: number;
	/** Timed runs of the node and the floor (the naive flow runs fewer when it is slow). */
	runs: number;
	seed: number;
	log: (line: string) => void;
}

const total = (c: ContenderResult) => c.requests + c.tokens;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** "6 requests" / "100 requests + 1 token request" of one contender. */
const reqs = (c: ContenderResult) =>
	`${fmt(c.requests)} request${c.requests === 1 ? '' : 's'}${c.tokens ? ` + ${c.tokens} token request${c.tokens === 1 ? '' : 's'}` : ''}`;

export function target(name: string, value: number, op: Target['op'], limit: number): Target {
	const met = op === '<=' ? value <= limit : op === '>=' ? value >= limit : value === limit;
	return { name, value, op, limit, met };
}

/** The two targets every read scenario has: requests within 1.1× and wall time within 1.25× of the floor. */
function floorTargets(node: ContenderResult, floor: ContenderResult): Target[] {
	return [
		target('requests ÷ floor', total(node) / total(floor), '<=', 1.1),
		target('wall time ÷ floor', node.medianMs / floor.medianMs, '<=', 1.25),
	];
}

/** `readyTimeoutMs`: wait longer than startSandboxProcess's 30 s for data that is slow to generate. */
async function sandbox(config: BenchConfig, args: Record<string, number>, readyTimeoutMs?: number): Promise<SandboxHandle> {
	const extraArgs = Object.entries(args).flatMap(([key, value]) => [
		`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
		String(value),
	]);
	const sb = readyTimeoutMs
		? await startSlowSandboxProcess({ seed: config.seed, extraArgs, readyTimeoutMs })
		: await startSandboxProcess({ seed: config.seed, extraArgs });
	await sb.control('POST', '/_sandbox/faults', {
		rules: [
			{ match: { vendor: 'cbc' }, action: 'delay', delayMs: config.latencyMs },
			{ match: { vendor: 'cta' }, action: 'delay', delayMs: config.latencyMs },
		],
	});
	return sb;
}

function checkItems(result: Record<string, ContenderResult>, expected: number, notes: string[], names = ['node', 'floor']) {
	for (const name of names) {
		const c = result[name];
		if (c && (c.items !== expected || c.error))
			notes.push(`${name} returned ${c.items} items, expected ${expected}${c.error ? ` (${c.error})` : ''}`);
	}
}

// ---- P1 -----------------------------------------------------------------------------------

export async function p1(config: BenchConfig): Promise<ScenarioResult> {
	const sb = await sandbox(config, { cbcAlerts: 50_000, ctaAlerts: 10, ctaEvents: 10 });
	try {
		const helper = new HarnessCredentialsHelper();
		const credentials = cbcCredentials(helper, sb.url);
		const range = '-6w';
		const contenders: Contender[] = [
			{
				name: 'node',
				what: 'Carbon Black Cloud › Alert › Search, Return All, Range -6w',
				runs: config.runs,
				warmup: 1,
				run: async () => {
					const r = await runFlow(helper, [
						{ name: 'Search', type: 'carbonBlackCloud', credentials, parameters: { resource: 'alert', operation: 'search', returnAll: true, timeRange: 'relative', range } },
					]);
					return { items: r.outputs.Search.length, error: r.error?.message };
				},
			},
			{
				name: 'floor',
				what: 'fetch: time slices of one 9,998-row request each, oldest first',
				runs: config.runs,
				warmup: 1,
				run: async () => ({ items: (await floorSearchAll(sb.url, { range })).alerts.length }),
			},
			{
				name: 'naive',
				what: 'HTTP Request POST alerts/_search, rows 1,000, pagination "update a parameter" (body start)',
				runs: Math.min(config.runs, 3),
				run: async () => {
					const r = await runFlow(helper, naiveCbcSearchAll(sb.url, range));
					const items = r.outputs.Search.reduce((n, i) => n + (i.json.results?.length ?? 0), 0);
					return { items, error: r.error?.message };
				},
			},
		];
		const result = await compare(sb, contenders, config.log);
		const notes: string[] = [];
		checkItems(result, 50_000, notes);
		notes.push(
			result.naive.error
				? `naive: fails after ${result.naive.requests} requests (${result.naive.error.slice(0, 90)})`
				: `naive: returns only ${fmt(result.naive.items)} of 50,000 alerts and no error: its ${result.naive.requests}th page (start ${fmt((result.naive.requests - 1) * 1000 + 1)}) answers 400 INVALID_PAGINATION (start + rows must stay below 10,000), n8n's pagination stops there and outputs the error body as an item`,
		);
		return {
			id: 'P1',
			title: 'CBC: all of 50,000 alerts (past the 10,000 window)',
			setup: `50,000 alerts over 35 days (one hour holds 10,500; 12% share a millisecond with another); ${config.latencyMs} ms latency`,
			contenders: result,
			targets: floorTargets(result.node, result.floor),
			summary: `Return All of 50,000 alerts takes ${reqs(result.node)} (one 9,998-row request per time slice) in ${sec(result.node.medianMs)}; the floor ${reqs(result.floor)} in ${sec(result.floor.medianMs)}. The naive flow (1,000-row offset pages) stops without an error at ${fmt(result.naive.items)} alerts: the API refuses start + rows ≥ 10,000`,
			notes,
		};
	} finally {
		await sb.stop();
	}
}

// ---- P2 -----------------------------------------------------------------------------------

export async function p2(config: BenchConfig): Promise<ScenarioResult> {
	const jobDelayMs = 1500;
	const sb = await sandbox(config, { cbcAlerts: 20_000, cbcJobDelayMs: jobDelayMs, cbcJob404Ms: 200, ctaAlerts: 10, ctaEvents: 10 });
	try {
		const helper = new HarnessCredentialsHelper();
		const credentials = cbcCredentials(helper, sb.url);
		const page = await fetch(`${sb.url}/api/alerts/v7/orgs/${CBC_ORG}/alerts/_search`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-auth-token': CBC_TOKEN },
			body: JSON.stringify({ time_range: { range: '-6w' }, rows: 1000 }),
		}).then((r) => r.json() as Promise<Json>);
		const ids: string[] = page.results.map((a: Json) => a.id);
		const items = ids.map((id) => ({ alert_id: id }));
		const completed = (list: Json[]) => list.filter((i) => (i.json.job_status ?? i.json.status) === 'COMPLETED').length;
		const contenders: Contender[] = [
			{
				name: 'node',
				what: 'Carbon Black Cloud › Alert › Update Workflow on 1,000 items (Alert ID = {{ $json.alert_id }}), Closed/Resolved, Wait for Completion',
				runs: config.runs,
				warmup: 1,
				run: async () => {
					const r = await runFlow(
						helper,
						[
							{
								name: 'Update',
								type: 'carbonBlackCloud',
								credentials,
								parameters: { resource: 'alert', operation: 'updateWorkflow', alertId: { __rl: true, mode: 'id', value: '={{ $json.alert_id }}' }, status: 'CLOSED', closureReason: 'RESOLVED' },
							},
						],
						items,
					);
					return { items: completed(r.outputs.Update), error: r.error?.message };
				},
			},
			{
				name: 'floor',
				what: 'fetch: one POST alerts/workflow with the 1,000 IDs, then GET jobs/{id} with the SDK back-off (at once, 0.1 s doubling to 2 s)',
				runs: config.runs,
				warmup: 1,
				run: async () => {
					const job = await floorWorkflowUpdate(sb.url, ids, { status: 'CLOSED', closure_reason: 'RESOLVED' });
					return { items: job.status === 'COMPLETED' ? ids.length : 0 };
				},
			},
			{
				name: 'naive',
				what: 'HTTP Request POST alerts/workflow per item → 3 s pause → HTTP Request GET jobs/{request_id} per item',
				runs: Math.min(config.runs, 2),
				run: async () => {
					const r = await runFlow(helper, naiveCbcWorkflow(sb.url, 3000), items);
					return { items: completed(r.outputs.Job), error: r.error?.message };
				},
			},
		];
		const result = await compare(sb, contenders, config.log);
		const notes: string[] = [];
		checkItems(result, 1000, notes, ['node', 'floor', 'naive']);
		notes.push(
			`jobs complete ${fmt(jobDelayMs)} ms after creation and answer 404 for their first 200 ms; the naive flow's pause stands in for n8n's Wait node (no requests)`,
		);
		return {
			id: 'P2',
			title: 'CBC: workflow update of 1,000 input items + wait for the job',
			setup: `1,000 alert IDs as input items; jobs finish after ${fmt(jobDelayMs)} ms; ${config.latencyMs} ms latency`,
			contenders: result,
			targets: [
				...floorTargets(result.node, result.floor),
				target('naive requests ÷ node', total(result.naive) / total(result.node), '>=', 250),
			],
			summary: `1,000 items become one bulk request plus ${fmt(result.node.requests - 1)} job polls (${reqs(result.node)}, ${sec(result.node.medianMs)}; floor ${reqs(result.floor)}, ${sec(result.floor.medianMs)}); the naive flow makes ${fmt(total(result.naive))} (one update and one job read per item), ${fmt(total(result.naive) / total(result.node))}× more`,
			notes,
		};
	} finally {
		await sb.stop();
	}
}

// ---- P3 -----------------------------------------------------------------------------------

export async function p3(config: BenchConfig): Promise<ScenarioResult> {
	const events = 100_000;
	const sb = await sandbox(config, { cbcAlerts: 10, ctaEvents: events, ctaAlerts: 3000, ctaFlowsPerEvent: 0, ctaTokenLifetimeSeconds: 600 });
	try {
		// A fresh credential per run: each run starts without a token and fetches one (600 s).
		const fresh = () => {
			const helper = new HarnessCredentialsHelper();
			return { helper, credentials: ctaCredentials(helper, sb.url) };
		};
		const contenders: Contender[] = [
			{
				name: 'node',
				what: 'Cisco Global Threat Alerts › Event › Get Many, Return All (sort: modification sequence, page size 1,000)',
				runs: config.runs,
				warmup: 1,
				run: async () => {
					const { helper, credentials } = fresh();
					const r = await runFlow(helper, [{ name: 'Events', type: 'ciscoGlobalThreatAlerts', credentials, parameters: { resource: 'event', operation: 'getAll', returnAll: true } }]);
					return { items: r.outputs.Events.length, error: r.error?.message };
				},
			},
			{
				name: 'floor',
				what: 'fetch: one token, then GET events?sort=modificationSequenceNumber&size=1000&after=<endCursor>',
				runs: config.runs,
				warmup: 1,
				run: async () => {
					const token = await ctaToken(sb.url);
					const { items } = await floorCtaCollect(sb.url, token, 'event-detection', 'events', { sort: 'modificationSequenceNumber' });
					return { items: items.length };
				},
			},
			{
				name: 'naive',
				what: 'HTTP Request GET events?sort=modificationSequenceNumber&size=1000, pagination "response contains next URL" (pageInfo.next)',
				runs: Math.min(config.runs, 3),
				warmup: 1,
				run: async () => {
					const { helper } = fresh();
					const r = await runFlow(helper, naiveCtaEvents(sb.url));
					return { items: r.outputs.Events.reduce((n, i) => n + (i.json.items?.length ?? 0), 0), error: r.error?.message };
				},
			},
		];
		const result = await compare(sb, contenders, config.log);
		// One more run on a credential that already holds a token (n8n stores it in the credential).
		const { helper, credentials } = fresh();
		await runFlow(helper, [{ name: 'Events', type: 'ciscoGlobalThreatAlerts', credentials, parameters: { resource: 'event', operation: 'getAll', returnAll: false, limit: 1 } }]);
		await sb.resetStats();
		await runFlow(helper, [{ name: 'Events', type: 'ciscoGlobalThreatAlerts', credentials, parameters: { resource: 'event', operation: 'getAll', returnAll: true } }]);
		const cachedTokens = (await sb.stats()).byRoute[TOKEN_ROUTE] ?? 0;
		config.log(`    node with the token already stored: ${cachedTokens} token requests`);
		const notes: string[] = [];
		checkItems(result, events, notes, ['node', 'floor', 'naive']);
		notes.push(
			`token requests: node ${result.node.tokens}, floor ${result.floor.tokens}, naive ${result.naive.tokens} per run when the run starts without a token; the node makes ${cachedTokens} when the credential already holds one (n8n stores it; it lives 600 s and is renewed once on a 401)`,
		);
		return {
			id: 'P3',
			title: 'Cisco: 100,000 events by sequence number, 600 s token',
			setup: `100,000 events; tokens live 600 s; ${config.latencyMs} ms latency`,
			contenders: result,
			targets: [...floorTargets(result.node, result.floor), target('token requests per run', result.node.tokens, '==', 1)],
			summary: `100,000 events in ${reqs(result.node)} (1,000 per page, the API maximum), ${sec(result.node.medianMs)}; floor and naive flow make the same requests (${sec(result.floor.medianMs)}, ${sec(result.naive.medianMs)}). One token per run, none when the credential already holds one (${cachedTokens} measured)`,
			notes,
		};
	} finally {
		await sb.stop();
	}
}

// ---- P4 -----------------------------------------------------------------------------------

/**
 * Runs bench/memory-child.mts (asynchronously: the simulator's keep-alive sockets stay serviced).
 * `maxOldSpaceMb` raises the child's V8 heap limit (default about 4 GB here); `traceMarking` runs
 * it with --trace-incremental-marking and counts why V8 started each marking cycle.
 */
async function memoryChild(
	contender: string,
	url: string,
	options: { timeoutMs?: number; maxOldSpaceMb?: number; traceMarking?: boolean } = {},
): Promise<Json> {
	const flags = [
		...(options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : []),
		...(options.traceMarking ? ['--trace-incremental-marking'] : []),
	];
	const { stdout: out } = await promisify(execFile)(
		process.execPath,
		['--expose-gc', ...flags, '--import', 'tsx', path.join(repoRoot, 'bench', 'memory-child.mts'), contender, url, '-6w'],
		{ cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 300_000 },
	);
	const lines = out.trim().split('\n');
	const result = JSON.parse(lines.filter((l) => l.startsWith('{"contender"')).pop() as string);
	if (options.traceMarking) {
		// "[IncrementalMarking] Start (external memory pressure): …", one per marking cycle.
		const starts: Record<string, number> = {};
		for (const line of lines) {
			const m = /\[IncrementalMarking\] Start \(([^)]+)\)/.exec(line);
			if (m) starts[m[1]] = (starts[m[1]] ?? 0) + 1;
		}
		result.markingStarts = starts;
	}
	return result;
}

export async function p4(config: BenchConfig): Promise<ScenarioResult> {
	const sb = await sandbox(config, { cbcAlerts: 100_000, ctaAlerts: 10, ctaEvents: 10 });
	try {
		const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
		const runs: Record<string, Json> = {};
		for (const contender of ['node', 'floor']) {
			await sb.resetStats();
			const r = await memoryChild(contender, sb.url);
			const { byRoute } = await sb.stats();
			r.requests = Object.values(byRoute).reduce((a, b) => a + b, 0);
			runs[contender] = r;
			config.log(
				`    ${contender.padEnd(5)}: ${r.alerts} alerts, JSON ${mb(r.jsonBytes)}, peak RSS +${mb(r.peakRssDelta)}, peak heap +${mb(r.peakHeapDelta)}, retained ${mb(r.retainedHeap)}, ${r.ms} ms, ${r.requests} req`,
			);
		}
		const node = runs.node;
		const contenders: Record<string, ContenderResult> = {};
		for (const [name, r] of Object.entries(runs)) {
			contenders[name] = {
				name,
				what: name === 'node' ? 'Carbon Black Cloud › Alert › Search, Return All, in a child process (--expose-gc)' : 'the P1 floor client in a child process',
				runs: [],
				medianMs: r.ms,
				requests: r.requests,
				tokens: 0,
				byRoute: {},
				items: r.alerts,
				deterministic: true,
			};
		}
		return {
			id: 'P4',
			title: 'CBC: peak memory for 100,000 alerts vs their JSON size',
			setup: `100,000 alerts (${mb(node.jsonBytes)} of JSON); peak RSS over the baseline taken after loading n8n-core and the nodes (kernel high-water mark and 2 ms samples)`,
			contenders,
			targets: [target('peak RSS ÷ JSON size', node.peakRssDelta / node.jsonBytes, '<=', 2)],
			summary: `100,000 alerts are ${mb(node.jsonBytes)} of JSON; reading them through the engine raises peak RSS by ${mb(node.peakRssDelta)} (${(node.peakRssDelta / node.jsonBytes).toFixed(2)}×; the floor ${mb(runs.floor.peakRssDelta)}, ${(runs.floor.peakRssDelta / runs.floor.jsonBytes).toFixed(2)}×), and the output items hold ${mb(node.retainedHeap)} of heap afterwards`,
			notes: [
				`node: peak RSS +${mb(node.peakRssDelta)}, peak V8 heap +${mb(node.peakHeapDelta)}, heap still held by the 100,000 output items ${mb(node.retainedHeap)} (${(node.retainedHeap / node.jsonBytes).toFixed(2)}× the JSON)`,
				`floor: peak RSS +${mb(runs.floor.peakRssDelta)} (${(runs.floor.peakRssDelta / runs.floor.jsonBytes).toFixed(2)}× the JSON)`,
				'naive: cannot return 100,000 alerts (see P1)',
			],
			extra: runs,
		};
	} finally {
		await sb.stop();
	}
}

// ---- P5 -----------------------------------------------------------------------------------

/** Static data is an observable proxy: copy it through JSON. */
const clone = (value: Json): Json => JSON.parse(JSON.stringify(value));

/** The trigger node's own static data (n8n keys it by `node:<name>`). */
const nodeState = (staticData: Json): Json => staticData['node:Trigger'] ?? {};

export async function p5(config: BenchConfig): Promise<ScenarioResult[]> {
	const sb = await sandbox(config, { cbcAlerts: 10_000, ctaAlerts: 300, ctaEvents: 3000 });
	// Polls take tens of milliseconds: more runs for steadier medians.
	const pollRuns = config.runs * 2 + 1;
	try {
		const helper = new HarnessCredentialsHelper();
		const cbc = cbcCredentials(helper, sb.url);
		const cta = ctaCredentials(helper, sb.url);
		const now = Date.now();
		const minute = 60_000;
		// 2,500 alerts in the trigger's 15-minute Late Arrival Window, all older than the 60 s settle delay.
		await sb.control('POST', '/_sandbox/cbc/alerts', {
			alerts: Array.from({ length: 2500 }, (_, i) => ({ backend_timestamp: new Date(now - 2 * minute - i * 288).toISOString() })),
		});
		// 50 Cisco alerts in its 10-minute window.
		await sb.control('POST', '/_sandbox/cta/alerts', { count: 50, triggeredAt: new Date(now - minute).toISOString(), spreadMs: 5 * minute });
		const results: ScenarioResult[] = [];

		// CBC Trigger, Alert Created, default options; Start From 30 minutes ago for the warm-up poll.
		const cbcSpec = {
			type: 'carbonBlackCloudTrigger',
			credentials: cbc,
			parameters: { event: 'alertCreated', options: { startFrom: new Date(now - 30 * minute).toISOString() } },
		};
		const warm = await pollOnce(helper, cbcSpec);
		const cbcState = clone(warm.staticData);
		const watermark = nodeState(cbcState).cbcTrigger.watermark as number;
		config.log(`    CBC warm-up poll emitted ${warm.items?.length ?? 0} alerts`);
		const cbcWindow = () => {
			const to = Date.now() - minute;
			return { time_range: { start: new Date(watermark - 15 * minute).toISOString(), end: new Date(to).toISOString() } };
		};
		const cbcResult = await compare(
			sb,
			[
				{
					name: 'node',
					what: 'Carbon Black Cloud Trigger (Alert Created, Late Arrival Window 900 s, Settle Delay 60 s) polled through PollContext after a warm-up poll',
					runs: pollRuns,
					warmup: 1,
					run: async () => {
						const r = await pollOnce(helper, cbcSpec, { staticData: clone(cbcState) });
						return { items: r.items?.length ?? 0 };
					},
				},
				{
					name: 'floor',
					what: 'fetch: one search of the same window (watermark − 900 s … now − 60 s), 9,998 rows',
					runs: pollRuns,
					warmup: 1,
					run: async () => {
						await floorCbcWindow(sb.url, cbcWindow());
						return { items: 0 };
					},
				},
				{
					name: 'naive',
					what: 'HTTP Request POST alerts/_search of the same window, rows 1,000, offset pagination',
					runs: pollRuns,
					run: async () => {
						const r = await runFlow(helper, naiveCbcWindow(sb.url, cbcWindow()));
						return { items: 0, error: r.error?.message };
					},
				},
			],
			config.log,
		);
		results.push({
			id: 'P5 CBC',
			title: 'CBC Trigger: a poll that finds nothing new',
			setup: `2,500 already emitted alerts inside the 15-minute Late Arrival Window; ${config.latencyMs} ms latency`,
			contenders: cbcResult,
			targets: [target('requests per poll', cbcResult.node.requests, '==', 1), target('wall time ÷ floor', cbcResult.node.medianMs / cbcResult.floor.medianMs, '<=', 1.25)],
			summary: `the re-read of the 15-minute Late Arrival Window (2,500 alerts already emitted) is ${reqs(cbcResult.node)} of up to 9,998 rows, ${fmt(cbcResult.node.medianMs)} ms (floor ${fmt(cbcResult.floor.medianMs)} ms); with 1,000-row pages it takes ${cbcResult.naive.requests}`,
			notes: [`the window re-read holds 2,500 alerts: one request of up to 9,998 rows (${cbcResult.naive.requests} with 1,000-row pages)`],
		});

		// Cisco Trigger, New Alert (default event): baseline poll, then the measured poll.
		const ctaSpec = { type: 'ciscoGlobalThreatAlertsTrigger', credentials: cta, parameters: { event: 'newAlert' } };
		const ctaWarm = await pollOnce(helper, ctaSpec);
		const ctaState = clone(ctaWarm.staticData);
		const ctaWatermark = nodeState(ctaState).ctaTrigger.watermark as number;
		const token = String(helper.store.get('cta')?.data.accessToken ?? '');
		const alertsAfter = new Date(ctaWatermark - 600_000).toISOString();
		const ctaResult = await compare(
			sb,
			[
				{
					name: 'node',
					what: 'Cisco Global Threat Alerts Trigger (New Alert, Late Arrival Window 600 s) polled through PollContext after the baseline poll; token cached',
					runs: pollRuns,
					warmup: 1,
					run: async () => {
						const r = await pollOnce(helper, ctaSpec, { staticData: clone(ctaState) });
						return { items: r.items?.length ?? 0 };
					},
				},
				{
					name: 'floor',
					what: 'fetch: GET alerts?sort=triggeredAt:asc&triggeredAfter=<watermark − 600 s>&size=1000 with the cached token',
					runs: pollRuns,
					warmup: 1,
					run: async () => {
						await floorCtaCollect(sb.url, token, 'alert-management', 'alerts', { sort: 'triggeredAt:asc', triggeredAfter: alertsAfter });
						return { items: 0 };
					},
				},
				{
					name: 'naive',
					what: 'HTTP Request GET the same alerts URL, pagination "response contains next URL"',
					runs: pollRuns,
					run: async () => {
						const r = await runFlow(helper, naiveCtaAlertsAfter(sb.url, alertsAfter));
						return { items: 0, error: r.error?.message };
					},
				},
			],
			config.log,
		);
		results.push({
			id: 'P5 Cisco alerts',
			title: 'Cisco Trigger (New Alert): a poll that finds nothing new',
			setup: `50 already emitted alerts inside the 10-minute Late Arrival Window; token cached; ${config.latencyMs} ms latency`,
			contenders: ctaResult,
			targets: [
				target('requests per poll', ctaResult.node.requests, '==', 1),
				target('token requests per poll', ctaResult.node.tokens, '==', 0),
				target('wall time ÷ floor', ctaResult.node.medianMs / ctaResult.floor.medianMs, '<=', 1.25),
			],
			summary: `${reqs(ctaResult.node)} for the 10-minute window, no token request (cached), ${fmt(ctaResult.node.medianMs)} ms (floor ${fmt(ctaResult.floor.medianMs)} ms)`,
			notes: [],
		});

		// Cisco Trigger, New or Updated Event (sequence cursor).
		const seqSpec = { type: 'ciscoGlobalThreatAlertsTrigger', credentials: cta, parameters: { event: 'event' } };
		const seqWarm = await pollOnce(helper, seqSpec);
		const seqState = clone(seqWarm.staticData);
		const cursor = String(nodeState(seqState).ctaTrigger.cursor);
		const seqResult = await compare(
			sb,
			[
				{
					name: 'node',
					what: 'Cisco Global Threat Alerts Trigger (New or Updated Event) polled after the baseline poll; token cached',
					runs: pollRuns,
					warmup: 1,
					run: async () => {
						const r = await pollOnce(helper, seqSpec, { staticData: clone(seqState) });
						return { items: r.items?.length ?? 0 };
					},
				},
				{
					name: 'floor',
					what: 'fetch: POST events/search?sort=modificationSequenceNumber&after=<cursor>&size=1000',
					runs: pollRuns,
					warmup: 1,
					run: async () => {
						const { items } = await floorCtaCollect(sb.url, token, 'event-detection', 'events/search', { sort: 'modificationSequenceNumber' }, { body: { filter: {} }, after: cursor });
						return { items: items.length };
					},
				},
			],
			config.log,
		);
		results.push({
			id: 'P5 Cisco events',
			title: 'Cisco Trigger (New or Updated Event): a poll that finds nothing new',
			setup: `sequence cursor stored by the baseline poll; token cached; ${config.latencyMs} ms latency`,
			contenders: seqResult,
			targets: [
				target('requests per poll', seqResult.node.requests, '==', 1),
				target('token requests per poll', seqResult.node.tokens, '==', 0),
				target('wall time ÷ floor', seqResult.node.medianMs / seqResult.floor.medianMs, '<=', 1.25),
			],
			summary: `${reqs(seqResult.node)} after the stored sequence cursor, no token request, ${fmt(seqResult.node.medianMs)} ms (floor ${fmt(seqResult.floor.medianMs)} ms)`,
			notes: ['naive: not run (the HTTP Request node cannot keep a cursor between executions)'],
		});
		for (const r of results) {
			for (const c of Object.values(r.contenders))
				if (c.items !== 0) r.notes.push(`${c.name} found ${c.items} items, expected none`);
		}
		return results;
	} finally {
		await sb.stop();
	}
}

// ---- P6 -----------------------------------------------------------------------------------

export async function p6(config: BenchConfig): Promise<ScenarioResult> {
	const events = 20_000;
	const naivePages = 2;
	const scale = events / (naivePages * 1000);
	const sb = await sandbox(config, { cbcAlerts: 10, ctaEvents: events, ctaAlerts: 3000, ctaFlowsPerEvent: 0 });
	try {
		const fresh = () => {
			const helper = new HarnessCredentialsHelper();
			return { helper, credentials: ctaCredentials(helper, sb.url) };
		};
		const state = (await sb.control('GET', '/_sandbox/cta/state')) as Json;
		const counts = state.customers[CTA_CUSTOMER];
		const contenders: Contender[] = [
			{
				name: 'node',
				what: 'Cisco Global Threat Alerts › Security Annotation › Export, Return All',
				runs: config.runs,
				warmup: 1,
				run: async () => {
					const { helper, credentials } = fresh();
					const r = await runFlow(helper, [
						{ name: 'Export', type: 'ciscoGlobalThreatAlerts', credentials, parameters: { resource: 'securityAnnotation', operation: 'exportAnnotations', returnAll: true } },
					]);
					return { items: r.outputs.Export.length, error: r.error?.message };
				},
			},
			{
				name: 'floor',
				what: 'fetch: token, enriched events by sequence (1,000 per page), unique detection IDs then alert IDs searched 1,000 per request',
				runs: config.runs,
				warmup: 1,
				run: async () => ({ items: (await floorAnnotations(sb.url, await ctaToken(sb.url))).length }),
			},
			{
				name: 'naive',
				what: 'HTTP Request GET enriched events (next URL) → Split Out → HTTP Request detection search per event → HTTP Request alert search per event',
				runs: Math.min(config.runs, 2),
				run: async () => {
					const { helper } = fresh();
					const r = await runFlow(helper, naiveCtaAnnotations(sb.url, naivePages));
					return { items: r.outputs.Alerts.length, error: r.error?.message };
				},
			},
		];
		const result = await compare(sb, contenders, config.log);
		// Scale the naive flow: every request except the token grows with the number of events.
		const naive = result.naive;
		const measured = { requests: naive.requests, ms: naive.medianMs, items: naive.items };
		naive.requests = naive.requests * scale;
		naive.medianMs = naive.medianMs * scale;
		naive.items = naive.items * scale;
		naive.byRoute = Object.fromEntries(Object.entries(naive.byRoute).map(([k, v]) => [k, k === TOKEN_ROUTE ? v : v * scale]));
		naive.scaledNote = `measured on ${fmt(naivePages * 1000)} events (${fmt(measured.requests)} requests + ${naive.tokens} token, ${fmt(measured.ms)} ms), scaled ×${scale}`;
		const notes: string[] = [];
		checkItems(result, events, notes);
		notes.push(
			`data: ${fmt(counts.threatDetections)} threat detections, ${fmt(counts.alerts)} alerts; node and floor look up each unique detection and alert once, 1,000 IDs per request`,
			`naive ${naive.scaledNote}; all 20,000 at once fail here with EMFILE: HTTP Request sends every item's request concurrently`,
		);
		return {
			id: 'P6',
			title: 'Cisco: security-annotation export of 20,000 events',
			setup: `20,000 events (70% convicting), ${fmt(counts.threatDetections)} detections, ${fmt(counts.alerts)} alerts; ${config.latencyMs} ms latency`,
			contenders: result,
			targets: floorTargets(result.node, result.floor),
			summary: `20,000 annotations in ${reqs(result.node)} (20 event pages, then each unique detection and alert once, 1,000 IDs per search), ${sec(result.node.medianMs)}; floor the same requests, ${sec(result.floor.medianMs)}; the naive flow needs ${fmt(total(result.naive))} (two searches per event), about ${sec(result.naive.medianMs)} (scaled from ${fmt(naivePages * 1000)} events)`,
			notes,
		};
	} finally {
		await sb.stop();
	}
}

// ---- P7 -----------------------------------------------------------------------------------

/** The newest `count` alerts of a simulator as an absolute range (ms precision; ties may add a few). */
async function newestAlerts(url: string, count: number): Promise<{ start: string; end: string; count: number }> {
	const end = new Date().toISOString();
	const iso = (ms: number) => new Date(ms).toISOString();
	let lo = Date.parse(end) - 180 * 86_400_000;
	let hi = Date.parse(end);
	// the latest start that still holds `count` alerts
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if ((await cbcCountAlerts(url, iso(mid), end)) >= count) lo = mid;
		else hi = mid;
	}
	return { start: iso(lo), end, count: await cbcCountAlerts(url, iso(lo), end) };
}

/**
 * Return All of 500,000 alerts (it used to fail with "Maximum call stack size exceeded" from
 * ~125,000 on): time per alert against a 50,000-alert run of the same search on a simulator with
 * the same settings, and peak memory (in a child process, as P4) against the JSON size.
 */
export async function p7(config: BenchConfig): Promise<ScenarioResult> {
	const big = 500_000;
	const small = 50_000;
	const range = '-6w';
	/** A 500,000 run takes about a minute: fewer timed runs than the 50,000 one. */
	const bigRuns = Math.min(config.runs, 2);
	const mb = (n: number) => `${fmt(n / 1048576)} MB`;
	const us = (ms: number, alerts: number) => (ms * 1000) / alerts;
	const data = { ctaAlerts: 10, ctaEvents: 10 };
	const generating = Date.now();
	const sbBig = await sandbox(config, { cbcAlerts: big, ...data }, 180_000);
	const generationMs = Date.now() - generating;
	config.log(`    simulator with ${fmt(big)} alerts ready in ${sec(generationMs)}`);
	let sbSmall: SandboxHandle | undefined;
	try {
		sbSmall = await sandbox(config, { cbcAlerts: small, ...data });

		// Memory: the node and the floor, each in a fresh child process on the 500,000 simulator
		// (these two runs also warm that simulator up for the timed runs below). The default heap
		// limit (about 4 GB here) holds the 1.4 GB of alerts; V8's marking cycles are traced.
		const children: Record<string, Json> = {};
		for (const contender of ['node', 'floor']) {
			await sbBig.resetStats();
			const r = await memoryChild(contender, sbBig.url, { timeoutMs: 600_000, traceMarking: true });
			const { byRoute } = await sbBig.stats();
			r.requests = Object.values(byRoute).reduce((a, b) => a + b, 0);
			children[contender] = r;
			config.log(
				`    ${contender.padEnd(5)} child: ${fmt(r.alerts)} alerts (${fmt(r.uniqueIds)} unique), JSON ${mb(r.jsonBytes)}, peak RSS +${mb(r.peakRssDelta)}, peak heap +${mb(r.peakHeapDelta)} of ${mb(r.heapLimit)}, retained ${mb(r.retainedHeap)}, ${fmt(r.ms)} ms, ${r.requests} req`,
			);
		}

		// Time: the same search on both simulators, in this process (as P1), runs interleaved.
		const search = (sb: SandboxHandle) => {
			const helper = new HarnessCredentialsHelper();
			const credentials = cbcCredentials(helper, sb.url);
			return async () => {
				const r = await runFlow(helper, [
					{ name: 'Search', type: 'carbonBlackCloud', credentials, parameters: { resource: 'alert', operation: 'search', returnAll: true, timeRange: 'relative', range } },
				]);
				return { items: r.outputs.Search.length, error: r.error?.message };
			};
		};
		const what = `Carbon Black Cloud › Alert › Search, Return All, Range ${range}`;
		// The newest 50,000 alerts of the 500,000 simulator: the same search between two dates, so
		// that both runs meet the same simulator (its own serving cost grows with its 1.6 GB store).
		const window = await newestAlerts(sbBig.url, small);
		config.log(`    the newest ${fmt(window.count)} alerts of the ${fmt(big)} simulator: ${window.start} – ${window.end}`);
		const between = (sb: SandboxHandle) => {
			const helper = new HarnessCredentialsHelper();
			const credentials = cbcCredentials(helper, sb.url);
			return async () => {
				const r = await runFlow(helper, [
					{ name: 'Search', type: 'carbonBlackCloud', credentials, parameters: { resource: 'alert', operation: 'search', returnAll: true, timeRange: 'absolute', startTime: window.start, endTime: window.end } },
				]);
				return { items: r.outputs.Search.length, error: r.error?.message };
			};
		};
		const timed = await compare(
			sbBig,
			[
				{ name: 'node 50k', what: `Carbon Black Cloud › Alert › Search, Return All, Between Dates holding the newest ${fmt(window.count)} alerts of the ${fmt(big)}-alert simulator`, runs: config.runs, warmup: 1, sandbox: sbBig, run: between(sbBig) },
				{ name: 'node 50k apart', what: `${what}, on a ${fmt(small)}-alert simulator`, runs: config.runs, warmup: 1, sandbox: sbSmall, run: search(sbSmall) },
				{ name: 'node', what: `${what}, on the ${fmt(big)}-alert simulator`, runs: bigRuns, warmup: 1, sandbox: sbBig, run: search(sbBig) },
			],
			config.log,
		);
		const node = timed.node;
		const base = timed['node 50k'];
		const apart = timed['node 50k apart'];
		const child = children.node;
		const floorChild = children.floor;
		const perAlert = us(node.medianMs, big);
		const perAlertSmall = us(base.medianMs, window.count);
		const floor: ContenderResult = {
			name: 'floor',
			what: 'the P1 floor client (9,998-row time slices) in a child process, one run',
			runs: [],
			medianMs: floorChild.ms,
			requests: floorChild.requests,
			tokens: 0,
			byRoute: {},
			items: floorChild.alerts,
			deterministic: true,
		};

		const notes: string[] = [];
		checkItems({ node }, big, notes);
		checkItems({ 'node 50k': base }, window.count, notes, ['node 50k']);
		checkItems({ 'node 50k apart': apart }, small, notes, ['node 50k apart']);
		for (const [name, r] of Object.entries(children)) {
			if (r.alerts !== big || r.uniqueIds !== big)
				notes.push(`${name} child returned ${fmt(r.alerts)} alerts (${fmt(r.uniqueIds)} unique IDs), expected ${fmt(big)}`);
		}
		const mid = (c: ContenderResult, pick: (r: ContenderResult['runs'][number]) => number | undefined) =>
			median(c.runs.map((r) => pick(r) ?? Number.NaN));
		const split = (c: ContenderResult, alerts: number) => {
			const main = mid(c, (r) => r.mainCpuMs);
			const others = mid(c, (r) => (r.cpuMs !== undefined && r.mainCpuMs !== undefined ? r.cpuMs - r.mainCpuMs : undefined));
			return `${us(c.medianMs, alerts).toFixed(0)} µs/alert wall; CPU of this process: main thread ${us(main, alerts).toFixed(0)} µs (GC pauses ${us(mid(c, (r) => r.gcMs), alerts).toFixed(0)} µs), other threads (V8's GC helpers) ${us(others, alerts).toFixed(0)} µs; ${fmt(mid(c, (r) => r.majorGcs))} full GCs per run; simulator CPU ${us(mid(c, (r) => r.serverCpuMs), alerts).toFixed(0)} µs`;
		};
		const marking = (r: Json) => {
			const starts = (r.markingStarts ?? {}) as Record<string, number>;
			const all = Object.values(starts).reduce((a, b) => a + b, 0);
			return `${starts['external memory pressure'] ?? 0} of its ${all} V8 marking cycles started for "external memory pressure"`;
		};
		// Per-alert CPU of each part, 500,000 ÷ 50,000: less sensitive to other load than wall time.
		const cpuRatio = (pick: (r: ContenderResult['runs'][number]) => number | undefined) =>
			us(mid(node, pick), big) / us(mid(base, pick), window.count);
		const helpers = (r: ContenderResult['runs'][number]) =>
			r.cpuMs !== undefined && r.mainCpuMs !== undefined ? r.cpuMs - r.mainCpuMs : undefined;
		notes.push(
			`time per alert (medians; ${fmt(big)}: ${bigRuns} timed runs, ${fmt(small)}: ${config.runs}, one warm-up each, interleaved, in this process): ${fmt(big)}: ${split(node, big)}. The newest ${fmt(window.count)} on the same simulator: ${split(base, window.count)}`,
			`the same 500,000 run against ${fmt(small)} alerts on a simulator of their own (the figure before, not the target): ${(perAlert / us(apart.medianMs, small)).toFixed(2)}× (${us(apart.medianMs, small).toFixed(0)} µs/alert; ${split(apart, small)}); that simulator serves from a 160 MB store, the big one from 1.6 GB`,
			`CPU per alert, ${fmt(big)} ÷ ${fmt(window.count)} on the same simulator: main thread ${cpuRatio((r) => r.mainCpuMs).toFixed(2)}×, V8 helper threads ${cpuRatio(helpers).toFixed(2)}×, simulator ${cpuRatio((r) => r.serverCpuMs).toFixed(2)}× (wall ${(perAlert / perAlertSmall).toFixed(2)}×; on 2 shared cores the helper threads compete with the main thread and the simulator)`,
			`${fmt(big)} alerts: ${fmt(node.requests)} requests, ${(total(node) / total(floor)).toFixed(2)}× the floor's ${fmt(floor.requests)} (9,998-row pages all the way; each reply is read into a reused buffer, so reading adds no memory outside the heap that would make V8 collect the whole heap); ${fmt(small)}: ${fmt(base.requests)}`,
			`memory child (node, one run in a fresh process, default V8 heap limit ${mb(child.heapLimit)}, no --max-old-space-size needed): ${fmt(child.alerts)} alerts, ${fmt(child.uniqueIds)} unique IDs, JSON ${mb(child.jsonBytes)}; peak RSS +${mb(child.peakRssDelta)} over the ${mb(child.baseline.rss)} baseline, peak V8 heap +${mb(child.peakHeapDelta)}, heap held by the output items ${mb(child.retainedHeap)} (${(child.retainedHeap / child.jsonBytes).toFixed(2)}× the JSON); ${sec(child.ms)}; ${marking(child)}`,
			`floor child: peak RSS +${mb(floorChild.peakRssDelta)} (${(floorChild.peakRssDelta / floorChild.jsonBytes).toFixed(2)}× the JSON), ${sec(floorChild.ms)}; ${marking(floorChild)}`,
			`the simulator generates ${fmt(big)} alerts in ${sec(generationMs)} before it answers (startSandboxProcess waits 30 s; P7 waits up to 180 s)`,
		);
		return {
			id: 'P7',
			title: 'CBC: Return All of 500,000 alerts',
			setup: `500,000 alerts over 35 days (${mb(child.jsonBytes)} of JSON) against a 50,000-alert run on a simulator with the same settings; ${config.latencyMs} ms latency; peak RSS in a child process as P4`,
			contenders: { node, 'node 50k': base, 'node 50k apart': apart, floor },
			targets: [
				target('time per alert ÷ 50k run', perAlert / perAlertSmall, '<=', 1.2),
				target('peak RSS ÷ JSON size', child.peakRssDelta / child.jsonBytes, '<=', 2),
			],
			summary: `Return All of 500,000 alerts completes: ${reqs(node)}, ${sec(node.medianMs)} (${perAlert.toFixed(0)} µs per alert; 50,000 alerts ${sec(base.medianMs)}, ${perAlertSmall.toFixed(0)} µs, ${(perAlert / perAlertSmall).toFixed(2)}×); the ${mb(child.jsonBytes)} of JSON raise peak RSS by ${mb(child.peakRssDelta)} (${(child.peakRssDelta / child.jsonBytes).toFixed(2)}×; the floor ${mb(floorChild.peakRssDelta)}, ${(floorChild.peakRssDelta / floorChild.jsonBytes).toFixed(2)}×)`,
			notes,
			extra: { generationMs, window, perAlertUs: { big: perAlert, small: perAlertSmall, smallApart: us(apart.medianMs, small) }, node: child, floor: floorChild },
		};
	} finally {
		await sbSmall?.stop();
		await sbBig.stop();
	}
}

// ---- P8 -----------------------------------------------------------------------------------

interface DrainFigures {
	polls: number;
	requests: number;
	floorRequests: number;
	maxPollMs: number;
	medianPollMs: number;
	emitted: number;
	unique: number;
	lost: number;
	seconds: number;
}

/**
 * Polls a trigger with a poll budget until it emitted every object of a burst (at most 200
 * polls): the durable poll scheduler's view, where a poll that overruns its budget is abandoned.
 */
async function drain(
	sb: SandboxHandle,
	poll: (staticData: Json) => Promise<{ items: Json[] | null; staticData: Json }>,
	staticData: Json,
	expected: Set<string>,
	floorRequests: number,
): Promise<DrainFigures> {
	const seen: string[] = [];
	const pollMs: number[] = [];
	let requests = 0;
	let state = staticData;
	const started = Date.now();
	while (pollMs.length < 200) {
		await sb.resetStats();
		const t = performance.now();
		const result = await poll(clone(state));
		pollMs.push(performance.now() - t);
		const stats = await sb.stats();
		requests += Object.entries(stats.byRoute)
			.filter(([route]) => route !== TOKEN_ROUTE)
			.reduce((n, [, count]) => n + count, 0);
		for (const item of result.items ?? []) seen.push(String(item.json.id));
		state = result.staticData;
		if (new Set(seen.filter((id) => expected.has(id))).size >= expected.size) break;
	}
	const unique = new Set(seen);
	return {
		polls: pollMs.length,
		requests,
		floorRequests,
		maxPollMs: Math.max(...pollMs),
		medianPollMs: median(pollMs),
		emitted: seen.length,
		unique: unique.size,
		lost: [...expected].filter((id) => !unique.has(id)).length,
		seconds: (Date.now() - started) / 1000,
	};
}

function drainResult(id: string, title: string, setup: string, budgetMs: number, d: DrainFigures, what: string): ScenarioResult {
	const contender = (name: string, requests: number, ms: number, items: number): ContenderResult => ({
		name,
		what: name === 'node' ? what : 'the fewest requests the API allows for the burst (its largest page)',
		runs: [],
		medianMs: ms,
		requests,
		tokens: 0,
		byRoute: {},
		items,
		deterministic: true,
	});
	return {
		id,
		title,
		setup,
		contenders: { node: contender('node', d.requests, d.medianPollMs, d.emitted), floor: contender('floor', d.floorRequests, 0, d.unique) },
		targets: [
			target('lost', d.lost, '==', 0),
			target('duplicated', d.emitted - d.unique, '==', 0),
			target('longest poll ÷ budget', d.maxPollMs / budgetMs, '<=', 1),
		],
		summary: `the burst drains in ${d.polls} polls of at most ${fmt(d.maxPollMs)} ms (budget ${fmt(budgetMs)} ms; median ${fmt(d.medianPollMs)} ms), ${fmt(d.requests)} requests against the floor's ${fmt(d.floorRequests)} (${(d.requests / d.floorRequests).toFixed(2)}×), ${fmt(d.emitted)} items, ${d.lost} lost, ${d.emitted - d.unique} duplicated`,
		notes: [
			`${d.polls} polls in ${d.seconds.toFixed(1)} s; a poll stops asking for pages at 60% of its budget and gives up a page still in flight then (the first page of a poll always completes); the next poll continues where it stopped`,
		],
		extra: { budgetMs, ...d },
	};
}

/**
 * Bursts of 100,000 Carbon Black alerts and 100,000 Cisco events, drained by the triggers under
 * a poll budget (n8n's durable poll scheduler): polls needed, requests against the floor, the
 * longest poll against the budget, nothing lost or duplicated.
 */
export async function p8(config: BenchConfig): Promise<ScenarioResult[]> {
	const budgetMs = 5_000;
	const burst = 100_000;
	const sb = await sandbox(config, { cbcAlerts: 10, ctaAlerts: 10, ctaEvents: 10 });
	try {
		const helper = new HarnessCredentialsHelper();
		const results: ScenarioResult[] = [];

		const cbcSpec = {
			type: 'carbonBlackCloudTrigger',
			credentials: cbcCredentials(helper, sb.url),
			parameters: { event: 'alertCreated', options: { settleSeconds: 0, overlapSeconds: 900, maxPerPoll: burst } },
		};
		const base = Date.now();
		const cbcBaseline = await pollOnce(helper, cbcSpec);
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		// 100,000 alerts in the second after the baseline, 10 per millisecond.
		const alerts = Array.from({ length: burst }, (_, i) => ({ backend_timestamp: new Date(base + 200 + Math.floor(i / 100)).toISOString() }));
		const cbcIds = new Set((await sb.control<{ ids: string[] }>('POST', '/_sandbox/cbc/alerts', { alerts })).ids);
		config.log(`    CBC: ${fmt(cbcIds.size)} alerts added after the baseline`);
		const cbc = await drain(sb, (staticData) => pollOnce(helper, cbcSpec, { staticData, budgetMs }), clone(cbcBaseline.staticData), cbcIds, Math.ceil(burst / 9_998));
		config.log(`    CBC: ${cbc.polls} polls, ${cbc.requests} requests, longest ${fmt(cbc.maxPollMs)} ms, lost ${cbc.lost}, duplicated ${cbc.emitted - cbc.unique}`);
		results.push(
			drainResult(
				'P8 CBC',
				'CBC Trigger: a burst of 100,000 alerts under a 5 s poll budget',
				`100,000 alerts created in one second after the baseline (10 per millisecond); Max Alerts per Poll 100,000; budget ${fmt(budgetMs)} ms per poll; ${config.latencyMs} ms latency`,
				budgetMs,
				cbc,
				'Carbon Black Cloud Trigger (Alert Created, Settle Delay 0 s, Late Arrival Window 900 s), PollContext with getPollBudgetMs = 5,000',
			),
		);

		const ctaSpec = { type: 'ciscoGlobalThreatAlertsTrigger', credentials: ctaCredentials(helper, sb.url), parameters: { event: 'event', options: { maxPerPoll: burst } } };
		const ctaBaseline = await pollOnce(helper, ctaSpec);
		const eventIds = new Set((await sb.control<{ eventIds: string[] }>('POST', '/_sandbox/cta/events', { count: burst, flowsPerEvent: 0 })).eventIds);
		config.log(`    Cisco: ${fmt(eventIds.size)} events added after the baseline`);
		const cta = await drain(sb, (staticData) => pollOnce(helper, ctaSpec, { staticData, budgetMs }), clone(ctaBaseline.staticData), eventIds, Math.ceil(burst / 1_000));
		config.log(`    Cisco: ${cta.polls} polls, ${cta.requests} requests, longest ${fmt(cta.maxPollMs)} ms, lost ${cta.lost}, duplicated ${cta.emitted - cta.unique}`);
		results.push(
			drainResult(
				'P8 Cisco',
				'Cisco Trigger (New or Updated Event): a burst of 100,000 events under a 5 s poll budget',
				`100,000 events created at once after the baseline; Max Items per Poll 100,000; budget ${fmt(budgetMs)} ms per poll; ${config.latencyMs} ms latency`,
				budgetMs,
				cta,
				'Cisco Global Threat Alerts Trigger (New or Updated Event, Max Items per Poll 100,000), PollContext with getPollBudgetMs = 5,000',
			),
		);
		return results;
	} finally {
		await sb.stop();
	}
}

export type { FlowNode };

// ---- P9 -----------------------------------------------------------------------------------

/** Device › Quarantine for 1,000 input alerts: their devices in one request (floor), per item (naive). */
export async function p9(config: BenchConfig): Promise<ScenarioResult> {
	const sb = await sandbox(config, { cbcAlerts: 5000, cbcDeviceActionDelayMs: 0, ctaAlerts: 10, ctaEvents: 10 });
	try {
		const helper = new HarnessCredentialsHelper();
		const credentials = cbcCredentials(helper, sb.url);
		const page = await fetch(`${sb.url}/api/alerts/v7/orgs/${CBC_ORG}/alerts/_search`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-auth-token': CBC_TOKEN },
			body: JSON.stringify({ time_range: { range: '-6w' }, rows: 3000 }),
		}).then((r) => r.json() as Promise<Json>);
		const alerts = (page.results as Json[]).filter((a) => Number(a.device_id) > 0).slice(0, 1000);
		const items = alerts.map((a) => ({ id: a.id, device_id: a.device_id }));
		const devices = [...new Set(alerts.map((a) => Number(a.device_id)))];
		const contenders: Contender[] = [
			{
				name: 'node',
				what: 'Carbon Black Cloud › Device › Quarantine on 1,000 alert items (Device = {{ $json.device_id }}), no confirmation wait',
				runs: config.runs,
				warmup: 1,
				run: async () => {
					const r = await runFlow(
						helper,
						[
							{
								name: 'Quarantine',
								type: 'carbonBlackCloud',
								typeVersion: 1.2,
								credentials,
								parameters: { resource: 'device', operation: 'quarantine', deviceId: { __rl: true, mode: 'id', value: '={{ $json.device_id }}' } },
							},
						],
						items,
					);
					return { items: r.outputs.Quarantine.filter((i) => i.json.requested === true).length, error: r.error?.message };
				},
			},
			{
				name: 'floor',
				what: `fetch: one POST device_actions with the ${fmt(devices.length)} distinct device IDs`,
				runs: config.runs,
				warmup: 1,
				run: async () => {
					await floorQuarantine(sb.url, devices);
					return { items: items.length };
				},
			},
			{
				name: 'naive',
				what: 'HTTP Request POST device_actions per item (one device each)',
				runs: Math.min(config.runs, 2),
				run: async () => {
					const r = await runFlow(helper, naiveCbcQuarantine(sb.url), items);
					return { items: r.outputs.Quarantine.length, error: r.error?.message };
				},
			},
		];
		const result = await compare(sb, contenders, config.log);
		const notes: string[] = [];
		checkItems(result, 1000, notes, ['node', 'floor', 'naive']);
		notes.push(`the 1,000 alerts are on ${fmt(devices.length)} devices; the simulator applies the action at once (cbcDeviceActionDelayMs 0)`);
		return {
			id: 'P9',
			title: 'CBC: quarantine the devices of 1,000 input alerts',
			setup: `1,000 alerts on ${fmt(devices.length)} devices as input items; ${config.latencyMs} ms latency`,
			contenders: result,
			// No wall-time target: the floor is one fetch, the node also evaluates 1,000 expressions
			// and builds 1,000 items in the engine (tens of ms), which no request count changes.
			targets: [
				target('requests ÷ floor', total(result.node) / total(result.floor), '<=', 1.1),
				target('naive requests ÷ node', total(result.naive) / total(result.node), '>=', 250),
			],
			summary: `1,000 items become ${reqs(result.node)} (${sec(result.node.medianMs)}; floor ${reqs(result.floor)}, ${sec(result.floor.medianMs)}); the naive flow makes ${fmt(total(result.naive))}, one per item (${sec(result.naive.medianMs)})`,
			notes,
		};
	} finally {
		await sb.stop();
	}
}
