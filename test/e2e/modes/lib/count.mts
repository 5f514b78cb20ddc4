// Counting for the production-modes e2e: what the producer created (`expected`) against what
// reached Postgres (`emitted`), n8n's poll tasks and executions, and why a duplicate happened.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runtimeModule } from '../../lib/paths.mts';
import { sleep } from '../../lib/proc.mts';
import { withPg, type PgClient, type PgConnection } from './services.mts';

export const POLL_TASK = 'workflow:poll-trigger';

/**
 * When each n8n execution was created, to a second: executions that succeed are deleted
 * (`saveDataSuccessExecution: none`), so the ID sequence is sampled instead.
 */
export class ExecutionClock {
	private samples: Array<[number, number]> = [];
	private running = false;
	private loop?: Promise<void>;

	start(n8nDb: PgConnection, everyMs = 500): void {
		this.running = true;
		this.loop = (async () => {
			let sequence: string | undefined;
			while (this.running) {
				try {
					await withPg(n8nDb, async (c: PgClient) => {
						sequence ??= String(
							(await c.query<{ s: string }>("SELECT pg_get_serial_sequence('execution_entity', 'id') AS s")).rows[0].s,
						);
						while (this.running) {
							const r = await c.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM ${sequence}`);
							const last = r.rows[0].is_called ? Number(r.rows[0].last_value) : 0;
							this.samples.push([Date.now(), last]);
							await sleep(everyMs);
						}
					});
				} catch {
					await sleep(everyMs);
				}
			}
		})();
	}

	async stop(): Promise<void> {
		this.running = false;
		await this.loop;
	}

	/** The first moment the sequence had reached this execution ID. */
	createdAt(executionId: number): number | undefined {
		for (const [at, last] of this.samples) if (last >= executionId) return at;
		return undefined;
	}
}

let flattedParse: ((text: string) => unknown) | undefined;
function parseFlatted(text: string): unknown {
	flattedParse ??= (createRequire(join(runtimeModule('flatted'), 'package.json'))('flatted') as { parse: (t: string) => unknown }).parse;
	return flattedParse(text);
}

export interface CrashedExecution {
	executionId: string;
	workflowId: string;
	/** `crashed` (main killed between committing it and handing it to Redis) or `error` (e.g. a job that stalled on a starved worker). */
	status: string;
	objectIds: string[];
}

/**
 * Executions n8n did not finish that hold trigger items. Queue mode commits a polled execution
 * together with the poll's cursor, then enqueues it in Redis: a main killed in between leaves it
 * `new` and the next main's recovery marks it `crashed`; a job whose worker was too busy to renew
 * its lock is failed as stalled (`error`). Either way the items are in its data, and n8n's Retry
 * runs them. Failed polls (error executions without items) are not listed.
 */
export async function crashedExecutions(n8nDb: PgConnection): Promise<CrashedExecution[]> {
	return withPg(n8nDb, async (c) => {
		const r = await c.query<{ id: string; workflowId: string; status: string; data: string }>(
			`SELECT e.id, e."workflowId", e.status, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
			  WHERE e.status IN ('crashed', 'error') AND e."retryOf" IS NULL
			    AND NOT EXISTS (SELECT 1 FROM execution_entity r WHERE r."retryOf" = e.id::text) ORDER BY e.id`,
		);
		type Items = Array<{ json: { id?: unknown } }>;
		const out: CrashedExecution[] = [];
		for (const row of r.rows) {
			const data = parseFlatted(row.data) as {
				executionData?: { nodeExecutionStack?: Array<{ data?: { main?: Array<Items | null> } }> };
				resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Items | null> } }>> };
			};
			const items = data.resultData?.runData?.Trigger?.[0]?.data?.main?.[0] ?? data.executionData?.nodeExecutionStack?.[0]?.data?.main?.[0] ?? [];
			const objectIds = items.map((i) => String(i.json.id));
			if (objectIds.length) out.push({ executionId: String(row.id), workflowId: row.workflowId, status: row.status, objectIds });
		}
		return out;
	});
}

/**
 * Executions n8n 2.x failed as stalled ("failed to be processed too many times": a worker too busy
 * to renew the job's lock, e.g. because another execution on it ran for minutes). n8n then saves
 * them with empty run data, so their items are gone and Retry cannot bring them back.
 */
export async function stalledExecutions(n8nDb: PgConnection): Promise<Array<{ executionId: string; workflowId: string }>> {
	return withPg(n8nDb, async (c) => {
		const r = await c.query<{ id: string; workflowId: string }>(
			`SELECT e.id, e."workflowId" FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
			  WHERE e.status = 'error' AND d.data LIKE '%failed to be processed too many times%' ORDER BY e.id`,
		);
		return r.rows.map((row) => ({ executionId: String(row.id), workflowId: row.workflowId }));
	});
}

export interface PollTask {
	startedAt: number;
	finishedAt: number;
}

export async function pollTasks(n8nDb: PgConnection, workflowId: string): Promise<PollTask[]> {
	return withPg(n8nDb, async (c) => {
		const r = await c.query<{ startedAt: Date; finishedAt: Date }>(
			`SELECT "startedAt", "finishedAt" FROM scheduled_task
			  WHERE "taskType" = $1 AND payload->>'workflowId' = $2 AND "startedAt" IS NOT NULL AND "finishedAt" IS NOT NULL`,
			[POLL_TASK, workflowId],
		);
		return r.rows.map((t) => ({ startedAt: t.startedAt.getTime(), finishedAt: t.finishedAt.getTime() }));
	});
}

/** Time spans in which two polls of one node ran at the same time (and read the same cursor). */
export function concurrencyWindows(tasks: PollTask[], slackMs: number): Array<[number, number]> {
	const sorted = [...tasks].sort((a, b) => a.startedAt - b.startedAt);
	const windows: Array<[number, number]> = [];
	for (let i = 0; i < sorted.length; i++) {
		for (let j = i + 1; j < sorted.length && sorted[j].startedAt < sorted[i].finishedAt; j++) {
			windows.push([sorted[i].startedAt, Math.max(sorted[i].finishedAt, sorted[j].finishedAt) + slackMs]);
		}
	}
	return windows;
}

export interface TriggerCounts {
	key: string;
	polls: number;
	timedOutPolls: number;
	concurrentPollPairs: number;
	failedPolls: number;
	emittingPolls: number;
	crashedExecutions: number;
	expected: number;
	rows: number;
	/** Created, not in the table before the crashed executions were retried. */
	lostBeforeRetry: number;
	/** … of which in no crashed execution either: objects the trigger never emitted. */
	lostOutsideCrashed: number;
	/** Created, not in the table at the end. */
	lost: number;
	duplicates: number;
	duplicatesConcurrentPolls: number;
	duplicatesRetry: number;
	duplicatesUnexplained: number;
	/** Objects that arrived under more than one `_eventId` (the producer never updates objects). */
	multiVersionObjects: number;
	unexpectedObjects: number;
	notices: number;
}

export async function countTrigger(args: {
	n8nDb: PgConnection;
	results: PgConnection;
	key: string;
	workflowId: string;
	pollTimeoutMs: number;
	clock: ExecutionClock;
	retryExecutionIds: Set<string>;
	lostBeforeRetry: number;
	lostOutsideCrashed: number;
	crashed: number;
}): Promise<TriggerCounts> {
	const { n8nDb, results, key, workflowId } = args;
	const tasks = await pollTasks(n8nDb, workflowId);
	const windows = concurrencyWindows(tasks, 10_000);
	const n8nSide = await withPg(n8nDb, async (c) => {
		const r = await c.query<{ polls: string; timed_out: string }>(
			`SELECT count(*) FILTER (WHERE "startedAt" IS NOT NULL) AS polls,
			        count(*) FILTER (WHERE "finishedAt" - "startedAt" >= ($3 || ' milliseconds')::interval) AS timed_out
			   FROM scheduled_task WHERE "taskType" = $1 AND payload->>'workflowId' = $2`,
			[POLL_TASK, workflowId, String(args.pollTimeoutMs - 100)],
		);
		// a poll that failed is saved as an error execution of the workflow
		const f = await c.query<{ n: string }>(`SELECT count(*) AS n FROM execution_entity WHERE "workflowId" = $1 AND status = 'error' AND mode = 'trigger'`, [
			workflowId,
		]);
		return { polls: Number(r.rows[0].polls), timedOut: Number(r.rows[0].timed_out), failed: Number(f.rows[0].n) };
	});
	return withPg(results, async (c) => {
		const one = async (sql: string) => Number((await c.query<{ n: string }>(sql, [key])).rows[0].n);
		const expected = await one('SELECT count(*) AS n FROM expected WHERE trigger = $1');
		const rows = await one('SELECT count(*) AS n FROM emitted WHERE trigger = $1');
		const lost = await one(
			'SELECT count(*) AS n FROM expected e WHERE e.trigger = $1 AND NOT EXISTS (SELECT 1 FROM emitted m WHERE m.trigger = e.trigger AND m.object_id = e.object_id)',
		);
		const unexpectedObjects = await one(
			'SELECT count(DISTINCT object_id) AS n FROM emitted m WHERE m.trigger = $1 AND NOT EXISTS (SELECT 1 FROM expected e WHERE e.trigger = m.trigger AND e.object_id = m.object_id)',
		);
		const multiVersionObjects = await one(
			'SELECT count(*) AS n FROM (SELECT object_id FROM emitted WHERE trigger = $1 GROUP BY object_id HAVING count(DISTINCT event_id) > 1) d',
		);
		const emittingPolls = await one(
			'SELECT count(DISTINCT execution_id) AS n FROM emitted WHERE trigger = $1',
		);
		const notices = await one("SELECT count(*) AS n FROM emitted WHERE trigger = $1 AND notice IS NOT NULL AND notice <> ''");
		const dups = await c.query<{ event_id: string; copies: string; executions: string[] }>(
			`SELECT event_id, count(*) AS copies, array_agg(DISTINCT execution_id) AS executions
			   FROM emitted WHERE trigger = $1 GROUP BY event_id HAVING count(*) > 1`,
			[key],
		);
		let duplicates = 0;
		let concurrent = 0;
		let retry = 0;
		for (const d of dups.rows) {
			const extra = Number(d.copies) - 1;
			duplicates += extra;
			const times = d.executions.map((id) => args.clock.createdAt(Number(id)));
			const together =
				times.every((t) => t !== undefined) && windows.some(([from, to]) => times.every((t) => (t as number) >= from && (t as number) <= to));
			if (together) concurrent += extra;
			else if (d.executions.some((id) => args.retryExecutionIds.has(id))) retry += extra;
		}
		return {
			key,
			polls: n8nSide.polls,
			timedOutPolls: n8nSide.timedOut,
			concurrentPollPairs: windows.length,
			failedPolls: n8nSide.failed,
			emittingPolls,
			crashedExecutions: args.crashed,
			expected,
			rows,
			lostBeforeRetry: args.lostBeforeRetry,
			lostOutsideCrashed: args.lostOutsideCrashed,
			lost,
			duplicates,
			duplicatesConcurrentPolls: concurrent,
			duplicatesRetry: retry,
			duplicatesUnexplained: duplicates - concurrent - retry,
			multiVersionObjects,
			unexpectedObjects,
			notices,
		};
	});
}

/** Created objects not (yet) in the table, per trigger, as ID lists. */
export async function missingObjects(results: PgConnection): Promise<Map<string, string[]>> {
	return withPg(results, async (c) => {
		const r = await c.query<{ trigger: string; object_id: string }>(
			`SELECT e.trigger, e.object_id FROM expected e
			  WHERE NOT EXISTS (SELECT 1 FROM emitted m WHERE m.trigger = e.trigger AND m.object_id = e.object_id)`,
		);
		const out = new Map<string, string[]>();
		for (const row of r.rows) out.set(row.trigger, [...(out.get(row.trigger) ?? []), row.object_id]);
		return out;
	});
}

export async function rowCount(results: PgConnection): Promise<number> {
	return withPg(results, async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM emitted')).rows[0].n));
}

export async function pollsSoFar(n8nDb: PgConnection): Promise<Record<string, number>> {
	return withPg(n8nDb, async (c) => {
		const r = await c.query<{ wf: string; n: string }>(
			`SELECT payload->>'workflowId' AS wf, count(*) AS n FROM scheduled_task
			  WHERE "taskType" = $1 AND "startedAt" IS NOT NULL GROUP BY 1`,
			[POLL_TASK],
		);
		return Object.fromEntries(r.rows.map((x) => [x.wf, Number(x.n)]));
	});
}

export interface CursorSample {
	at: number;
	workflowId: string;
	updatedAt: string;
	watermark: string | null;
	resumeFrom: string | null;
	cursor: string | null;
	seen: number | null;
	savedAt: string | null;
}

/** Each trigger's durable cursor (watermark, resumeFrom, sequence cursor, seen-set size) as it changes. */
export class CursorSampler {
	readonly samples: CursorSample[] = [];
	private last = new Map<string, string>();
	private running = false;
	private loop?: Promise<void>;

	start(n8nDb: PgConnection, everyMs = 1000): void {
		this.running = true;
		this.loop = (async () => {
			while (this.running) {
				try {
					await withPg(n8nDb, async (c: PgClient) => {
						while (this.running) {
							const r = await c.query<{ workflowId: string; updatedAt: Date; watermark: string | null; resumeFrom: string | null; cursor: string | null; seen: number | null; savedAt: string | null }>(
								`SELECT "workflowId", "updatedAt",
								        coalesce(cursor->'cbcTrigger', cursor->'ctaTrigger')->>'watermark' AS watermark,
								        coalesce(cursor->'cbcTrigger', cursor->'ctaTrigger')->>'resumeFrom' AS "resumeFrom",
								        coalesce(cursor->'cbcTrigger', cursor->'ctaTrigger')->>'cursor' AS cursor,
								        json_array_length(coalesce(cursor->'cbcTrigger', cursor->'ctaTrigger')->'seen') AS seen,
								        coalesce(cursor->'cbcTrigger', cursor->'ctaTrigger')->>'savedAt' AS "savedAt"
								   FROM poller_state`,
							);
							for (const row of r.rows) {
								const key = `${row.updatedAt.toISOString()}|${row.savedAt}`;
								if (this.last.get(row.workflowId) === key) continue;
								this.last.set(row.workflowId, key);
								const iso = (v: string | null) => (v === null || v === '' ? null : new Date(Number(v)).toISOString());
								this.samples.push({
									at: Date.now(),
									workflowId: row.workflowId,
									updatedAt: row.updatedAt.toISOString(),
									watermark: iso(row.watermark),
									resumeFrom: iso(row.resumeFrom),
									cursor: row.cursor,
									seen: row.seen,
									savedAt: iso(row.savedAt),
								});
							}
							await sleep(everyMs);
						}
					});
				} catch {
					await sleep(everyMs);
				}
			}
		})();
	}

	async stop(): Promise<void> {
		this.running = false;
		await this.loop;
	}
}
