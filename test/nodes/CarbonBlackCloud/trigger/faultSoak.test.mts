// Fault soak of the Carbon Black Cloud Trigger: both events polled round after round while the
// simulator creates alerts (ties, late-visible), updates them (also late-visible) and injects
// 429 + Retry-After, 5xx, dropped connections, slow and cut-off replies; n8n "restarts" twice,
// keeping only the static data of the last poll that emitted (as n8n saves it). Every created
// alert and every alert version must be emitted exactly once. Then Alert › Search › Return All
// under the same faults must return exactly the simulator's alerts.
// Short form in `npm test`; `npm run soak` sets SOAK=long for more rounds and objects.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { cbcCall } from '../../../harness/cbc.mts';
import { cbcCredentials, HarnessCredentialsHelper, pollOnce, runNode } from '../../../harness/engine.mts';
import type { Json, SandboxHandle } from '../../../harness/sandbox.mts';
import { sandbox } from '../../../harness/sandbox.mts';

const LONG = process.env.SOAK === 'long';
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? (LONG ? 1000 : 110));
const PER_ROUND = LONG ? 8 : 4;
const SEARCH = '/alerts/_search$';
const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value));

function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Event = 'alertCreated' | 'alertUpdated';

/** The fault of a round (if any): which kind, and the rule for the simulator. */
function faultFor(round: number): { kind: string; rule: Json } | undefined {
	const skip = round % 2; // odd rounds hit the Alert Updated poll, even rounds Alert Created
	const on = { match: { path: SEARCH }, skip };
	// Drops and cut-off replies cost a 0.5 s back-off each, Retry-After 1 a second: kept rare.
	if (round % 100 === 25) return { kind: '429 Retry-After 1 s', rule: { ...on, action: 'status', status: 429, headers: { 'Retry-After': '1' }, times: 1 } };
	if (round % 50 === 45) return { kind: '429 past every retry', rule: { ...on, action: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 6 } };
	if (round % 40 === 5) return { kind: 'dropped connection', rule: { ...on, action: 'drop', times: 1 } };
	if (round % 40 === 15) return { kind: 'cut-off reply', rule: { ...on, action: 'truncate', times: 1 } };
	if (round % 7 === 1) return { kind: '429 Retry-After 0', rule: { ...on, action: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 2 } };
	if (round % 11 === 3) return { kind: '503 Retry-After 0', rule: { ...on, action: 'status', status: 503, headers: { 'Retry-After': '0' }, times: 1 } };
	if (round % 13 === 4) return { kind: '502 Retry-After 0', rule: { ...on, action: 'status', status: 502, headers: { 'Retry-After': '0' }, times: 2 } };
	if (round % 9 === 6) return { kind: '500 (poll fails)', rule: { ...on, action: 'status', status: 500, times: 1 } };
	if (round % 8 === 2) return { kind: 'slow reply', rule: { ...on, action: 'delay', delayMs: 60, times: 2 } };
	return undefined;
}

describe('Carbon Black Cloud › Trigger › fault soak', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: LONG ? 3000 : 600 });
		credentials = cbcCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	it(`both events over ${ROUNDS} rounds with every fault kind and two restarts: 0 lost, 0 duplicated`, async () => {
		const random = prng(2024);
		const events: Event[] = ['alertCreated', 'alertUpdated'];
		const spec = (event: Event) => ({
			type: 'carbonBlackCloudTrigger',
			parameters: { event, options: { settleSeconds: 0, overlapSeconds: 120 } },
			credentials,
		});
		// Alerts from yesterday: only their updates belong to the streams.
		const pool: string[] = (await sb.control('POST', '/cbc/alerts', { count: 60, backend_timestamp: new Date(Date.now() - 86_400_000).toISOString() })).ids;
		const state: Record<string, Json> = {};
		const persisted: Record<string, Json> = {};
		for (const event of events) {
			state[event] = (await pollOnce(helper, spec(event))).staticData;
			persisted[event] = clone(state[event]);
		}
		const baselineAt = Date.now();

		const created: string[] = [];
		/** Every version (id@backend_update_timestamp) that was current at some point after the baseline. */
		const versions = new Set<string>();
		const current = new Map<string, string>();
		const emitted: Record<Event, string[]> = { alertCreated: [], alertUpdated: [] };
		const emittedSet = new Set<string>();
		const faults: Record<string, number> = {};
		let failedPolls = 0;
		let restarts = 0;
		let late = 0;
		const versionOf = async (id: string) => `${id}@${(await sb.control('GET', `/cbc/alerts/${id}`)).doc.backend_update_timestamp}`;
		const createdIn = new Map<string, string>();
		const pollLog: string[] = [];
		const addCreated = async (ids: string[]) => {
			created.push(...ids);
			for (const id of ids) createdIn.set(id, `${currentRound} ${new Date().toISOString()}`);
			for (const id of ids) {
				const v = await versionOf(id);
				versions.add(v);
				current.set(id, v);
			}
		};

		await sb.mark();
		let currentRound = 0;
		for (let round = 1; round <= ROUNDS; round++) {
			currentRound = round;
			const now = Date.now();
			const n = Math.floor(random() * PER_ROUND);
			if (n) await addCreated((await sb.control('POST', '/cbc/alerts', { count: n })).ids);
			// Back-dated alerts stay after the baseline: older ones are rightly never emitted.
			const backdate = Math.min(3000, now - baselineAt - 200);
			if (random() < 0.3) {
				// Several alerts in the same millisecond.
				const tie = new Date(now - Math.floor(random() * Math.max(0, Math.min(500, backdate)))).toISOString();
				await addCreated((await sb.control('POST', '/cbc/alerts', { count: 2 + Math.floor(random() * 4), backend_timestamp: tie })).ids);
			}
			if (random() < 0.2 && backdate > 50) {
				// Searchable only a while after their backend_timestamp.
				const ids = (await sb.control('POST', '/cbc/alerts', { count: 2, backend_timestamp: new Date(now - backdate).toISOString(), visibleAfterMs: 50 + Math.floor(random() * 300) })).ids;
				await addCreated(ids);
				late += ids.length;
			}
			// Update alerts whose current version has been emitted (an unseen version stays current).
			const ready = [...pool, ...created].filter((id) => !current.has(id) || emittedSet.has(current.get(id)!));
			const targets = ready.filter(() => random() < 0.03).slice(0, 4);
			if (targets.length) {
				const status = ['OPEN', 'IN_PROGRESS', 'CLOSED'][Math.floor(random() * 3)];
				const lateUpdate = random() < 0.15 ? { visibleAfterMs: 50 + Math.floor(random() * 200) } : {};
				await sb.control('POST', '/cbc/alerts/update', { ids: targets, set: { workflow: { status } }, ...lateUpdate });
				for (const id of targets) {
					const v = await versionOf(id);
					versions.add(v);
					current.set(id, v);
				}
			}
			const fault = faultFor(round);
			if (fault) {
				await sb.faults([fault.rule]);
				faults[fault.kind] = (faults[fault.kind] ?? 0) + 1;
			}
			if (round === Math.floor(ROUNDS / 3) || round === Math.floor((2 * ROUNDS) / 3)) {
				// n8n restarted: only the static data saved by the last emitting poll survives.
				for (const event of events) state[event] = clone(persisted[event]);
				restarts++;
			}
			for (const event of events) {
				try {
					const t = new Date().toISOString();
					const result = await pollOnce(helper, spec(event), { staticData: state[event] });
					state[event] = result.staticData;
					if (event === 'alertCreated') pollLog.push(`${round} ${t} wm=${new Date(result.staticData['node:Trigger']?.cbcTrigger?.watermark ?? 0).toISOString()} n=${result.items?.length ?? 0}`);
					if (result.items) {
						const keys = result.items.map((i) => (event === 'alertCreated' ? i.json.id : `${i.json.id}@${i.json.backend_update_timestamp}`));
						emitted[event].push(...keys);
						if (event === 'alertUpdated') for (const k of keys) emittedSet.add(k);
						persisted[event] = clone(state[event]);
					}
				} catch (error) {
					failedPolls++;
					assert.match((error as Error).message, /Carbon Black Cloud|cut off/, 'a failed poll throws a clear error');
				}
			}
			await sb.clearFaults();
		}
		// Drain: late alerts become visible, failed polls are made up.
		await delay(400);
		for (let drain = 0; drain < 3; drain++) {
			for (const event of events) {
				const result = await pollOnce(helper, spec(event), { staticData: state[event] });
				state[event] = result.staticData;
				if (result.items) emitted[event].push(...result.items.map((i) => (event === 'alertCreated' ? i.json.id : `${i.json.id}@${i.json.backend_update_timestamp}`)));
			}
		}

		const requests = await sb.requestsSinceMark();
		const summarize = (expected: string[], got: string[]) => {
			const gotSet = new Set(got);
			const expectedSet = new Set(expected);
			return {
				expected: expectedSet.size,
				emitted: got.length,
				lost: [...expectedSet].filter((k) => !gotSet.has(k)).length,
				duplicated: got.length - gotSet.size,
				unexpected: got.filter((k) => !expectedSet.has(k)).length,
			};
		};
		const summary = {
			alertCreated: summarize(created, emitted.alertCreated),
			alertUpdated: summarize([...versions], emitted.alertUpdated),
		};
		const statuses: Record<string, number> = {};
		for (const r of requests) statuses[r.fault ? `${r.fault} ${r.status ?? ''}`.trim() : String(r.status)] = (statuses[`${r.fault ? `${r.fault} ${r.status ?? ''}`.trim() : r.status}`] ?? 0) + 1;
		const stats = { rounds: ROUNDS, polls: (ROUNDS + 3) * events.length, failedPolls, restarts, lateAlerts: late, faults, requests: requests.length, statuses };
		console.log(JSON.stringify({ soak: 'cbc', summary, stats }));
		if (process.env.SOAK_DEBUG) {
			const got = new Set(emitted.alertCreated);
			for (const id of created.filter((i) => !got.has(i))) {
				const raw = await sb.control('GET', `/cbc/alerts/${id}`);
				console.log('LOST', id, raw.doc.backend_timestamp, raw.visibleAt, createdIn.get(id));
			}
			console.log('POLLS', JSON.stringify(pollLog));
		}

		for (const event of events) {
			assert.deepEqual(
				[summary[event].lost, summary[event].duplicated, summary[event].unexpected],
				[0, 0, 0],
				`${event}: ${JSON.stringify(summary[event])}`,
			);
		}
		assert.ok(stats.polls >= 200);
		assert.ok(summary.alertCreated.expected > ROUNDS && summary.alertUpdated.expected > summary.alertCreated.expected);
		assert.ok(failedPolls >= 5, 'some polls failed and were made up later');
		assert.ok(late > 10);
		for (const kind of ['429 Retry-After 0', '429 Retry-After 1 s', '503 Retry-After 0', '502 Retry-After 0', '500 (poll fails)', 'dropped connection', 'cut-off reply', 'slow reply'])
			assert.ok(faults[kind] > 0, kind);
		assert.ok(requests.some((r) => r.fault === 'drop') && requests.some((r) => r.fault === 'truncate') && requests.some((r) => r.status === 429));
	});

	it('Alert › Search › Return All under faults returns exactly the simulator’s alerts', async () => {
		// 4,000 alerts in one hour ten days ago (some sharing a millisecond): several pages, yet
		// fewer than one 10,000-result window, so the direct check below reads them in one go.
		const t0 = Date.now() - 10 * 86_400_000;
		const alerts = Array.from({ length: 4000 }, (_, i) => ({ backend_timestamp: new Date(t0 + (i - (i % 3 === 2 ? 1 : 0)) * 900).toISOString() }));
		await sb.control('POST', '/cbc/alerts', { alerts });
		const range = { start: new Date(t0 - 1).toISOString(), end: new Date(t0 + 3_700_000).toISOString() };
		const expected: string[] = [];
		for (let start = 1; start < 9000; start += 3000) {
			const page = await cbcCall(sb, 'POST', 'alerts/_search', { time_range: range, start, rows: 3000, sort: [{ field: 'backend_timestamp', order: 'ASC' }] });
			expected.push(...page.results.map((a: Json) => a.id));
			assert.ok(page.num_found < 9000, 'the check reads the whole set within one window');
			if (page.results.length < 3000) break;
		}
		assert.ok(expected.length > 4000);
		// Pages hold up to 9,998 alerts, so the one page meets four failures in a row and a slow reply.
		await sb.faults([
			{ match: { path: SEARCH }, action: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 1 },
			{ match: { path: SEARCH }, action: 'status', status: 503, headers: { 'Retry-After': '0' }, skip: 1, times: 1 },
			{ match: { path: SEARCH }, action: 'drop', skip: 2, times: 1 },
			{ match: { path: SEARCH }, action: 'truncate', skip: 3, times: 1 },
			{ match: { path: SEARCH }, action: 'delay', delayMs: 100, skip: 4, times: 1 },
		]);
		await sb.mark();
		const result = await runNode(helper, {
			type: 'carbonBlackCloud',
			parameters: { resource: 'alert', operation: 'search', returnAll: true, timeRange: 'absolute', startTime: range.start, endTime: range.end },
			credentials,
		});
		const requests = await sb.requestsSinceMark();
		await sb.clearFaults();
		assert.equal(result.error, undefined, result.error?.message);
		const ids = result.items.map((i) => i.json.id);
		assert.equal(ids.length, new Set(ids).size, 'no duplicates');
		assert.deepEqual([...ids].sort(), [...expected].sort());
		assert.ok(requests.filter((r) => r.fault).length >= 4, `faults were injected: ${JSON.stringify(requests.map((r) => r.fault ?? r.status))}`);
	});
});
