// Both triggers in n8n's production modes: queue mode (main + 2 workers, Postgres, Redis), the
// durable poll scheduler with durable cursors, the simulator adding objects all the time, faults,
// a 100,000-alert burst and the main killed with SIGKILL at random moments. Every emitted
// object lands as a row in Postgres; the counts are compared with what the producer created.
// See ./README.md. Run with `npm run test:modes`.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_OWNER } from '../lib/fixtures.mts';
import { RestClient } from '../lib/n8n.mts';
import { ARTIFACTS_DIR, N8N_VERSION } from '../lib/paths.mts';
import { addSecret, onInterrupt, redact, sleep } from '../lib/proc.mts';
import { startSandboxProcess, type SandboxHandle } from '../lib/sandbox.mts';
import { Cluster } from './lib/cluster.mts';
import {
	countTrigger,
	crashedExecutions,
	stalledExecutions,
	CursorSampler,
	ExecutionClock,
	missingObjects,
	pollsSoFar,
	rowCount,
	type CrashedExecution,
	type TriggerCounts,
} from './lib/count.mts';
import { EXPECTED_DDL, FaultInjector, Producer, prng } from './lib/load.mts';
import { startAttributionProxy, type AttributionProxy } from './lib/proxy.mts';
import { createDatabase, startPostgres, startRedis, withPg, type PgConnection, type PostgresHandle, type RedisHandle } from './lib/services.mts';
import { RequestTally } from './lib/tally.mts';
import { credentials, RESULTS_DDL, triggerSpecs, workflowFor } from './lib/workflows.mts';

const env = process.env;
const num = (name: string, fallback: number) => (env[name] === undefined ? fallback : Number(env[name]));

/** Knobs (environment variables) with the values CI uses. */
const CONFIG = {
	seed: num('MODES_SEED', 20261201),
	workers: 2,
	workerConcurrency: 5,
	kills: num('MODES_KILLS', 10),
	/** A main lives this long (random, ms) before the next SIGKILL. */
	uptimeMs: [num('MODES_UPTIME_MIN_MS', 8_000), num('MODES_UPTIME_MAX_MS', 40_000)] as [number, number],
	warmupMs: num('MODES_WARMUP_MS', 45_000),
	/** Producing and faults go on this long after the last restart. */
	calmMs: num('MODES_CALM_MS', 60_000),
	burst: num('MODES_BURST', 100_000),
	burstAfterKill: num('MODES_BURST_AFTER_KILL', 3),
	eventBurst: num('MODES_EVENT_BURST', 3_000),
	minPolls: num('MODES_MIN_POLLS', 30),
	/** Draining ends when no row came for this long and nothing is missing. */
	quietMs: num('MODES_QUIET_MS', 40_000),
	maxDrainMs: num('MODES_MAX_DRAIN_MS', 5 * 60_000),
	/**
	 * One poll every 15 s (four minute-granular cron items, see pollEvery). The durable scheduler
	 * does not keep two polls of one node apart, and two polls at once read the same cursor and
	 * emit the same objects: the poll timeout stays below the interval (10 s < 15 s), leaving
	 * 5 s for a poll's execution to be committed before the next poll reads the cursor.
	 */
	pollEverySeconds: num('MODES_POLL_EVERY_S', 15),
	pollTimeoutSeconds: num('MODES_POLL_TIMEOUT_S', 10),
	cbcSettleSeconds: 5,
	/** Late alerts here become visible at most 23 s after their timestamp. */
	cbcOverlapSeconds: num('MODES_CBC_OVERLAP_S', 60),
	ctaLateArrivalSeconds: 600,
};

const RUN_DIR = join(ARTIFACTS_DIR, 'modes', 'last-run');
const started = Date.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const log = (msg: string) => console.log(redact(`[modes ${seconds(Date.now() - started).padStart(6)}] ${msg}`));

function tsv(rows: Array<Record<string, unknown>>): string {
	if (!rows.length) return '';
	const cols = Object.keys(rows[0]);
	const cell = (v: unknown) =>
		(v instanceof Date ? v.toISOString() : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '')).replace(/[\t\n]/g, ' ');
	return `${cols.join('\t')}\n${rows.map((r) => cols.map((c) => cell(r[c])).join('\t')).join('\n')}\n`;
}

/** Everything needed to explain a count afterwards, next to the logs (`<artifacts>/modes/last-run/db`). */
async function dumpDiagnostics(n8nDb: PgConnection, results: PgConnection, tally: RequestTally, cursors: CursorSampler): Promise<void> {
	const dir = join(RUN_DIR, 'db');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'requests.tsv'), `time\troute\tstatus\tfault\tpaging\n${tally.all.map((r) => r.join('\t')).join('\n')}\n`);
	writeFileSync(join(dir, 'cursors.tsv'), tsv(cursors.samples.map((s) => ({ ...s, at: new Date(s.at).toISOString() }))));
	await withPg(results, async (c) => {
		writeFileSync(join(dir, 'emitted.tsv'), tsv((await c.query('SELECT * FROM emitted ORDER BY row_id')).rows));
		writeFileSync(join(dir, 'expected.tsv'), tsv((await c.query('SELECT * FROM expected ORDER BY created_at')).rows));
	});
	await withPg(n8nDb, async (c) => {
		const tasks = await c.query(
			`SELECT id, "jobId", payload->>'workflowId' AS workflow, "scheduledFor", "runAt", status, attempts, "claimedBy", "leaseEpoch",
			        "startedAt", "dispatchedAt", "finishedAt", "errorMessage"
			   FROM scheduled_task WHERE "taskType" = 'workflow:poll-trigger' ORDER BY "runAt", id`,
		);
		writeFileSync(join(dir, 'poll-tasks.tsv'), tsv(tasks.rows));
		const executions = await c.query('SELECT id, "workflowId", status, mode, finished, "retryOf", "createdAt", "startedAt", "stoppedAt" FROM execution_entity ORDER BY id');
		writeFileSync(join(dir, 'executions.tsv'), tsv(executions.rows));
		const state = await c.query('SELECT "workflowId", "nodeId", "consecutiveErrors", "backoffUntil", "updatedAt", length(cursor::text) AS cursor_chars FROM poller_state');
		writeFileSync(join(dir, 'poller-state.tsv'), tsv(state.rows));
	});
}

/** Waits until every trigger made its activation poll (its baseline) on the simulator. */
async function waitForBaselines(tally: RequestTally, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const routes = [
		'POST /api/alerts/v7/orgs/{org_key}/alerts/_search',
		'GET /alert-management/customer/{customerId}/alerts',
		'POST /event-detection/customer/{customerId}/events/search',
	];
	while (Date.now() < deadline) {
		await tally.refresh();
		if (routes.every((r) => (tally.byRoute.get(r) ?? 0) > 0)) return;
		await sleep(1000);
	}
	throw new Error(`the activation polls did not reach the simulator within ${timeoutMs} ms`);
}

/** Missing objects that are not in a crashed execution of their workflow, per trigger. */
function notInCrashed(missing: Map<string, string[]>, crashed: CrashedExecution[], workflowOf: Map<string, string>): Map<string, number> {
	const inCrashed = new Map<string, Set<string>>();
	for (const c of crashed) {
		const set = inCrashed.get(c.workflowId) ?? new Set<string>();
		for (const id of c.objectIds) set.add(id);
		inCrashed.set(c.workflowId, set);
	}
	const out = new Map<string, number>();
	for (const [trigger, ids] of missing) {
		const set = inCrashed.get(workflowOf.get(trigger) ?? '') ?? new Set<string>();
		out.set(trigger, ids.filter((id) => !set.has(id)).length);
	}
	return out;
}

/** Waits for the rows: nothing missing (but what `allowMissing` excuses), no new row for quietMs. */
async function drain(args: {
	results: PgConnection;
	n8nDb: PgConnection;
	workflowIds: string[];
	maxMs: number;
	stillMissing: (missing: Map<string, string[]>) => number | Promise<number>;
	minPolls: number;
}): Promise<{ settled: boolean; missing: Map<string, string[]>; ms: number }> {
	const from = Date.now();
	let lastRows = await rowCount(args.results);
	let lastChange = Date.now();
	for (;;) {
		await sleep(5000);
		const rows = await rowCount(args.results);
		if (rows !== lastRows) {
			lastRows = rows;
			lastChange = Date.now();
		}
		const missing = await missingObjects(args.results);
		const polls = await pollsSoFar(args.n8nDb);
		const enoughPolls = args.workflowIds.every((w) => (polls[w] ?? 0) >= args.minPolls);
		if ((await args.stillMissing(missing)) === 0 && Date.now() - lastChange >= CONFIG.quietMs && enoughPolls) {
			return { settled: true, missing, ms: Date.now() - from };
		}
		if (Date.now() - from > args.maxMs) return { settled: false, missing, ms: Date.now() - from };
	}
}

export async function runModes(): Promise<boolean> {
	rmSync(RUN_DIR, { recursive: true, force: true });
	mkdirSync(RUN_DIR, { recursive: true });
	// Postgres runs as the `postgres` user, which cannot enter a root home (mode 0700)
	const scratch = mkdtempSync(join(tmpdir(), 'threat-alerts-modes-'));
	chmodSync(scratch, 0o711);
	const random = prng(CONFIG.seed);
	let pgHandle: PostgresHandle | undefined;
	let redis: RedisHandle | undefined;
	let sim: SandboxHandle | undefined;
	let proxy: AttributionProxy | undefined;
	let cluster: Cluster | undefined;
	let producer: Producer | undefined;
	let faults: FaultInjector | undefined;
	const clock = new ExecutionClock();
	const cursors = new CursorSampler();
	let tallyTimer: NodeJS.Timeout | undefined;
	const cleanup = async () => {
		if (tallyTimer) clearInterval(tallyTimer);
		await producer?.stop().catch(() => undefined);
		await faults?.stop().catch(() => undefined);
		await clock.stop().catch(() => undefined);
		await cursors.stop().catch(() => undefined);
		await cluster?.stop().catch(() => undefined);
		await proxy?.close().catch(() => undefined);
		await sim?.stop().catch(() => undefined);
		await redis?.stop().catch(() => undefined);
		await pgHandle?.stop().catch(() => undefined);
		rmSync(scratch, { recursive: true, force: true });
	};
	onInterrupt(() => {
		void cleanup();
	});
	const problems: string[] = [];
	try {
		log(`n8n ${N8N_VERSION} in queue mode, ${CONFIG.workers} workers, durable poll scheduler; logs in ${RUN_DIR}`);
		pgHandle = await startPostgres({ dir: join(scratch, 'pg'), logFile: join(RUN_DIR, 'postgres.log') });
		const n8nDb = await createDatabase(pgHandle, 'n8n', 'n8n', `n8n-${randomBytes(10).toString('hex')}`);
		const results = await createDatabase(pgHandle, 'threat_alerts_results', 'results', `res-${randomBytes(10).toString('hex')}`);
		await withPg(results, (c) => c.query(RESULTS_DDL + EXPECTED_DDL));
		redis = await startRedis({ dir: join(scratch, 'redis'), logFile: join(RUN_DIR, 'redis.log') });
		log(`Postgres ${pgHandle.version} on :${pgHandle.port}, Redis ${redis.version} on :${redis.port}`);

		sim = await startSandboxProcess({
			seed: CONFIG.seed,
			logFile: join(RUN_DIR, 'sandbox.log'),
			extraArgs: ['--cbc-alerts', '300', '--cta-alerts', '30'],
		});
		proxy = await startAttributionProxy(sim.port);
		const tally = new RequestTally(sim);
		log(`simulator ${sim.url}, reached through the attribution proxy ${proxy.url}`);

		const specs = triggerSpecs(CONFIG);
		const workflowOf = new Map(specs.map((s) => [s.key, s.workflowId]));
		const encryptionKey = randomBytes(24).toString('hex');
		addSecret(encryptionKey);
		cluster = new Cluster({
			dir: join(scratch, 'n8n'),
			logDir: join(RUN_DIR, 'n8n'),
			db: n8nDb,
			redisPort: redis.port,
			encryptionKey,
			workers: CONFIG.workers,
			workerConcurrency: CONFIG.workerConcurrency,
			env: {
				N8N_SCHEDULER_ENABLED: 'true',
				N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
				N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
				N8N_SCHEDULER_POLL_TIMEOUT: String(CONFIG.pollTimeoutSeconds),
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '20',
			},
		});
		const proxyRef = proxy;
		cluster.onProcess = (pid, name) => proxyRef.register(pid, name);
		cluster.installPackage();
		let t = Date.now();
		await cluster.main.importCredentials(credentials(proxy.url, results));
		log(`credentials imported, n8n database migrated (${seconds(Date.now() - t)})`);
		await cluster.main.importWorkflows(specs.map(workflowFor));
		for (const spec of specs) await cluster.main.publish(spec.workflowId);
		log(`workflows imported and published: ${specs.map((s) => s.key).join(', ')}`);

		t = Date.now();
		await cluster.startWorkers();
		log(`${CONFIG.workers} workers ready (${seconds(Date.now() - t)})`);
		t = Date.now();
		await cluster.startMain();
		log(`main #1 ready on ${cluster.mainUrl} (${seconds(Date.now() - t)})`);
		clock.start(n8nDb);
		cursors.start(n8nDb);
		await waitForBaselines(tally, 120_000);
		// nothing is created (or back-dated) before every baseline plus the settle delay
		await sleep((CONFIG.cbcSettleSeconds + 2) * 1000);
		const notBefore = Date.now();
		log('baselines recorded; producing objects and faults');

		producer = new Producer(sim, results, random, { notBefore });
		producer.start([1500, 3500]);
		faults = new FaultInjector(sim, random);
		faults.start([8000, 20_000]);
		tallyTimer = setInterval(() => void tally.refresh().catch(() => undefined), 5000);

		await sleep(CONFIG.warmupMs);
		await faults.longOutage('cbcSearch');
		const kills: number[] = [];
		const restartMs: number[] = [];
		for (let k = 1; k <= CONFIG.kills; k++) {
			const uptime = CONFIG.uptimeMs[0] + Math.floor(random() * (CONFIG.uptimeMs[1] - CONFIG.uptimeMs[0]));
			const timed = k % 2 === 0;
			if (timed) {
				// every other kill lands just after a trigger's request: inside a poll, its commit or hand-off
				await sleep(Math.min(uptime, 5000));
				await new Promise<void>((resolve) => {
					const timer = setTimeout(() => {
						off();
						resolve();
					}, 30_000);
					const off = proxyRef.onRequest((line) => {
						if (/alerts\/_search|\/alerts$|events\/search/.test(line)) {
							clearTimeout(timer);
							off();
							resolve();
						}
					});
				});
				await sleep(Math.floor(random() * 1500));
			} else {
				await sleep(uptime);
			}
			const killed = await cluster.killMain();
			kills.push(killed?.killedAt ?? Date.now());
			log(
				`kill -9 #${k}: main #${killed?.index} (pid ${killed?.pid}) after ${(((killed?.killedAt ?? 0) - (killed?.readyAt ?? 0)) / 1000).toFixed(1)} s up${timed ? ', timed to a poll request' : ''}`,
			);
			if (k === 3) await faults.longOutage('ctaAlerts');
			t = Date.now();
			const inc = await cluster.startMain();
			restartMs.push(Date.now() - t);
			log(`main #${inc.index} ready (${seconds(Date.now() - t)})`);
			if (k === CONFIG.burstAfterKill && CONFIG.burst > 0) {
				const b = Date.now();
				await producer.cbcBurst(CONFIG.burst);
				log(`burst: ${CONFIG.burst} Carbon Black alerts created (${seconds(Date.now() - b)})`);
				if (CONFIG.eventBurst > 0) {
					await producer.ctaEventBurst(CONFIG.eventBurst);
					log(`burst: ${CONFIG.eventBurst} Cisco events created`);
				}
			}
			if (k === Math.ceil(CONFIG.kills / 2)) await faults.longOutage('ctaEvents');
		}
		log(`${CONFIG.kills} kills done; producing with faults for ${seconds(CONFIG.calmMs)} more without kills`);
		await sleep(CONFIG.calmMs);
		await producer.stop();
		await faults.stop();
		const producedUntil = Date.now();
		log(`producer stopped (${producer.counts.rounds} rounds); faults cleared; draining`);

		// 1. drain: everything arrives except what sits in executions n8n did not finish
		const drained = await drain({
			results,
			n8nDb,
			workflowIds: specs.map((s) => s.workflowId),
			maxMs: CONFIG.maxDrainMs,
			minPolls: CONFIG.minPolls,
			stillMissing: async (missing) =>
				[...notInCrashed(missing, await crashedExecutions(n8nDb), workflowOf).values()].reduce((a, b) => a + b, 0),
		});
		const crashed = await crashedExecutions(n8nDb);
		const lostBeforeRetry = new Map([...drained.missing].map(([k, ids]) => [k, ids.length]));
		const lostOutsideCrashed = notInCrashed(drained.missing, crashed, workflowOf);
		log(
			`drained ${seconds(drained.ms)} after the producer stopped${drained.settled ? '' : ' (did not settle)'}; missing ${JSON.stringify(Object.fromEntries(lostBeforeRetry))}, ${crashed.length} unfinished executions (crashed or failed) holding ${crashed.reduce((a, c) => a + c.objectIds.length, 0)} objects`,
		);
		if (!drained.settled) problems.push(`the drain did not settle within ${seconds(CONFIG.maxDrainMs)}`);

		// 2. what an operator does with crashed executions: retry them (n8n's own Retry)
		const retryExecutionIds = new Set<string>();
		let retryDrain = { settled: true, ms: 0 };
		if (crashed.length) {
			const rest = new RestClient(cluster.mainUrl);
			await rest.setupOrLogin(E2E_OWNER);
			for (const c of crashed) {
				try {
					// answers when the retried execution has finished (on a worker)
					const r = await rest.request<{ id?: string } | null>('POST', `/rest/executions/${c.executionId}/retry`, { loadWorkflow: false }, 240_000);
					if (r && typeof r === 'object' && r.id) retryExecutionIds.add(String(r.id));
				} catch (error) {
					problems.push(`retrying crashed execution ${c.executionId} failed: ${String(error)}`);
				}
			}
			// retries are executions too: every new one after the crashed ones counts as a retry
			await sleep(2000);
			await withPg(n8nDb, async (c) => {
				const r = await c.query<{ id: string }>('SELECT id FROM execution_entity WHERE "retryOf" IS NOT NULL');
				for (const row of r.rows) retryExecutionIds.add(String(row.id));
			});
			const after = await drain({
				results,
				n8nDb,
				workflowIds: [],
				maxMs: 3 * 60_000,
				minPolls: 0,
				stillMissing: (missing) => [...missing.values()].reduce((a, ids) => a + ids.length, 0),
			});
			retryDrain = after;
			log(`${crashed.length} crashed executions retried; ${after.settled ? 'everything arrived' : 'still missing objects'} after ${seconds(after.ms)}`);
		}
		clearInterval(tallyTimer);
		await tally.refresh();
		await clock.stop();
		await cursors.stop();

		const counts: TriggerCounts[] = [];
		for (const spec of specs) {
			counts.push(
				await countTrigger({
					n8nDb,
					results,
					key: spec.key,
					workflowId: spec.workflowId,
					pollTimeoutMs: CONFIG.pollTimeoutSeconds * 1000,
					clock,
					retryExecutionIds,
					lostBeforeRetry: lostBeforeRetry.get(spec.key) ?? 0,
					lostOutsideCrashed: lostOutsideCrashed.get(spec.key) ?? 0,
					crashed: crashed.filter((c) => c.workflowId === spec.workflowId).length,
				}),
			);
		}

		// token requests: per token lifetime (600 s) one per Cisco trigger (two polls that start
		// without a stored token each fetch one: n8n shares no lock between executions), plus one per 401
		const tokens = proxy.tokenRequests();
		const perProcess = new Map<string, number>();
		for (const p of ['worker-1', 'worker-2']) perProcess.set(p, 0);
		for (const tr of tokens) perProcess.set(tr.process, (perProcess.get(tr.process) ?? 0) + 1);
		const cta401 = tally.ctaUnauthorized;
		const lifetimes = Math.ceil((Date.now() - notBefore) / 600_000);
		const ciscoTriggers = specs.filter((s) => s.key.startsWith('cta.')).length;
		const tokenBound = lifetimes * ciscoTriggers + cta401;

		for (const c of counts) {
			if (c.polls < CONFIG.minPolls) problems.push(`${c.key}: ${c.polls} polls < ${CONFIG.minPolls}`);
			if (c.lostOutsideCrashed > 0) problems.push(`${c.key}: ${c.lostOutsideCrashed} objects lost that are in no crashed execution either`);
			if (c.lost > 0) problems.push(`${c.key}: ${c.lost} objects lost even after retrying the crashed executions`);
			if (c.multiVersionObjects > 0) problems.push(`${c.key}: ${c.multiVersionObjects} objects arrived under different event ids`);
			if (c.duplicatesUnexplained > 0) problems.push(`${c.key}: ${c.duplicatesUnexplained} duplicates neither from concurrent polls nor from retries`);
			if (c.unexpectedObjects > 0) problems.push(`${c.key}: ${c.unexpectedObjects} objects emitted that the producer did not create after the baseline`);
		}
		if (kills.length < CONFIG.kills) problems.push(`${kills.length} kills < ${CONFIG.kills}`);
		if (tokens.length > tokenBound) problems.push(`${tokens.length} Cisco token requests > ${tokenBound} allowed (${lifetimes} lifetime(s) × ${ciscoTriggers} Cisco triggers + ${cta401} 401s)`);
		if (perProcess.has('unknown')) problems.push(`${perProcess.get('unknown')} token request(s) could not be attributed to a process`);
		if (!cluster.workersAlive().every(Boolean)) problems.push('a worker died');
		if (tally.missed > 0) problems.push(`${tally.missed} simulator requests were not counted (request log overflow)`);
		if (!retryDrain.settled) problems.push('objects still missing after retrying the crashed executions');
		const stalled = await stalledExecutions(n8nDb);
		if (stalled.length) {
			problems.push(
				`n8n failed ${stalled.length} execution(s) as stalled on a busy worker and saved them without their items: ${stalled.map((e) => `${e.executionId} (${e.workflowId})`).join(', ')}`,
			);
		}

		const report = {
			n8n: N8N_VERSION,
			seconds: Math.round((Date.now() - started) / 1000),
			config: CONFIG,
			kills: kills.map((k) => new Date(k).toISOString()),
			restartSeconds: restartMs.map((ms) => Math.round(ms / 100) / 10),
			producer: producer.counts,
			faults: faults.counts,
			simulator: { faultsDelivered: tally.faultsDelivered, byStatus: Object.fromEntries(tally.byStatus) },
			crashedExecutions: crashed.map((c) => ({ id: c.executionId, workflowId: c.workflowId, status: c.status, objects: c.objectIds.length })),
			retries: [...retryExecutionIds],
			stalledExecutions: stalled.map((e) => ({ id: e.executionId, workflowId: e.workflowId })),
			triggers: counts,
			tokens: {
				total: tokens.length,
				bound: tokenBound,
				lifetimes,
				cta401,
				perProcess: Object.fromEntries(perProcess),
				requests: tokens.map((r) => [new Date(r.at).toISOString(), r.process]),
				simulatorTimeline: tally.tokenTimeline,
				expiries: faults.expiries.map((at) => new Date(at).toISOString()),
			},
			problems,
		};
		writeFileSync(join(RUN_DIR, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
		await dumpDiagnostics(n8nDb, results, tally, cursors).catch((error: unknown) => log(`diagnostics not written: ${String(error)}`));

		await cleanup();
		const ok = problems.length === 0;
		const total = (f: (c: TriggerCounts) => number) => counts.reduce((a, c) => a + f(c), 0);
		console.log('');
		console.log(
			redact(
				`== modes: ${report.seconds} s; n8n ${N8N_VERSION} queue mode (main + ${CONFIG.workers} workers, Postgres, Redis), durable poll scheduler, a poll every ${CONFIG.pollEverySeconds} s; ${kills.length} × kill -9 of the main (restarts ${Math.min(...report.restartSeconds)}–${Math.max(...report.restartSeconds)} s)`,
			),
		);
		console.log(
			`== faults: ${faults.counts.rateLimited} × 429, ${faults.counts.serverErrors} × 5xx, ${faults.counts.dropped} dropped, ${faults.counts.truncated} cut off, ${faults.counts.tokenExpiries} token expiries, ${faults.counts.longOutages} long 503 outages (${tally.faultsDelivered} faulty replies); burst ${producer.counts.cbcBurst} CBC alerts + ${producer.counts.ctaEventBurst} Cisco events`,
		);
		console.log(
			`== unfinished executions: ${crashed.filter((c) => c.status === 'crashed').length} crashed (committed with their cursor, main killed before the hand-off to Redis), ${crashed.filter((c) => c.status !== 'crashed').length} failed (job stalled on a busy worker), holding ${crashed.reduce((a, c) => a + c.objectIds.length, 0)} objects; retried through n8n: ${retryExecutionIds.size}`,
		);
		for (const p of problems) console.log(`PROBLEM: ${p}`);
		for (const c of counts) {
			console.log(
				`${c.key.padEnd(17)} polls ${c.polls} (${c.emittingPolls} emitted, ${c.timedOutPolls} timed out, ${c.failedPolls} failed, ${c.concurrentPollPairs} concurrent pairs) · created ${c.expected} · rows ${c.rows} · lost ${c.lost} (before retry ${c.lostBeforeRetry}, outside crashed executions ${c.lostOutsideCrashed}) · duplicates ${c.duplicates} (${c.duplicatesConcurrentPolls} concurrent polls, ${c.duplicatesRetry} retries, ${c.duplicatesUnexplained} other; ${c.multiVersionObjects} under two event ids)`,
			);
		}
		console.log(
			`cisco tokens      ${tokens.length} requests (allowed ${tokenBound}: ${lifetimes} × 600 s × ${ciscoTriggers} triggers + ${cta401} × 401) · ${[...perProcess].map(([p, n]) => `${p} ${n}`).join(', ')}`,
		);
		console.log(
			`totals            kills ${kills.length} · rows ${total((c) => c.rows)} · lost ${total((c) => c.lost)} (before retry ${total((c) => c.lostBeforeRetry)}) · duplicates ${total((c) => c.duplicates)} (all under one event id: ${total((c) => c.multiVersionObjects) === 0 ? 'yes' : 'NO'})`,
		);
		console.log(`RESULT: ${ok ? 'PASSED' : 'FAILED'}`);
		return ok;
	} catch (error) {
		await cleanup();
		throw error;
	}
}
