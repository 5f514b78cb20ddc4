// Fault soak of the Cisco Global Threat Alerts Trigger: all five events polled round after round
// while the simulator creates and updates alerts, detections and events (same-instant, late-
// visible), expires the access token and injects 429 + Retry-After, 5xx, dropped connections,
// slow and cut-off replies; n8n "restarts" twice, keeping only the static data of the last poll
// that emitted. Every object version must be emitted exactly once. Then Event › Search and
// Alert › Get Many with Return All under the same faults must return exactly the simulator's set.
// Short form in `npm test`; `npm run soak` sets SOAK=long for more rounds and objects.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { ctaCredentials, HarnessCredentialsHelper, pollOnce, runNode } from '../../../harness/engine.mts';
import type { Json, SandboxHandle } from '../../../harness/sandbox.mts';
import { sandbox } from '../../../harness/sandbox.mts';
import { apiOnly, listing, TOKEN_ROUTE } from '../helpers.mts';

const LONG = process.env.SOAK === 'long';
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? (LONG ? 200 : 42));
const SCALE = LONG ? 2 : 1;
const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value));

type Event = 'newAlert' | 'modifiedAlert' | 'event' | 'threatDetection' | 'securityAnnotation';
const EVENTS: Event[] = ['newAlert', 'modifiedAlert', 'event', 'threatDetection', 'securityAnnotation'];

/** The faults of a round: kind and simulator rule. `skip` spreads them over the five polls. */
function faultsFor(round: number): Array<{ kind: string; rule: Json }> {
	const on = { match: { vendor: 'cta', path: '^/(alert-management|threat-detection|event-detection)/' }, skip: round % 5 };
	const out: Array<{ kind: string; rule: Json }> = [];
	if (round % 3 === 0) out.push({ kind: '429 Retry-After 0', rule: { ...on, action: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 2 } });
	if (round % 40 === 7) out.push({ kind: '429 Retry-After 1 s', rule: { ...on, action: 'status', status: 429, headers: { 'Retry-After': '1' }, times: 1 } });
	if (round % 4 === 1) out.push({ kind: '503 Retry-After 0', rule: { ...on, action: 'status', status: 503, headers: { 'Retry-After': '0' }, times: 1 } });
	if (round % 7 === 2) out.push({ kind: '500 (poll fails)', rule: { ...on, action: 'status', status: 500, times: 1 } });
	if (round % 14 === 4) out.push({ kind: 'dropped connection', rule: { ...on, action: 'drop', times: 1 } });
	if (round % 14 === 9) out.push({ kind: 'cut-off reply', rule: { ...on, action: 'truncate', times: 1 } });
	if (round % 4 === 3) out.push({ kind: 'slow reply', rule: { ...on, action: 'delay', delayMs: 60, times: 2 } });
	return out;
}

describe('Cisco Global Threat Alerts › Trigger › fault soak', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 120, ctaEvents: 300, ctaFlowsPerEvent: 0 });
		credentials = ctaCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const spec = (event: Event) => ({
		type: 'ciscoGlobalThreatAlertsTrigger',
		parameters: { event, options: { maxPerPoll: 40 } },
		credentials,
	});

	it(`all five events over ${ROUNDS} rounds with every fault kind, token expiry and two restarts: 0 lost, 0 duplicated`, async () => {
		const state: Record<string, Json> = {};
		const persisted: Record<string, Json> = {};
		const emitted: Record<string, string[]> = Object.fromEntries(EVENTS.map((e) => [e, []]));
		const seen: Record<string, Set<string>> = Object.fromEntries(EVENTS.map((e) => [e, new Set<string>()]));
		const ignore: Record<string, Set<string>> = Object.fromEntries(EVENTS.map((e) => [e, new Set<string>()]));
		const late = new Set<string>();
		const faults: Record<string, number> = {};
		let failedPolls = 0;
		let expiries = 0;
		let restarts = 0;
		const versions = (list: Json[]) => list.map((o) => `${o.id}@${o.modifiedAt}`);
		const snapshot = async () => {
			const [alerts, detections, events] = await Promise.all([listing(sb, 'alerts'), listing(sb, 'detections'), listing(sb, 'events')]);
			return { alerts, detections, events };
		};
		/** Every version visible in a snapshot is one each stream must emit (once). */
		const record = (snap: Awaited<ReturnType<typeof snapshot>>, into = seen) => {
			for (const a of snap.alerts) into.newAlert.add(a.id);
			for (const v of versions(snap.alerts)) into.modifiedAlert.add(v);
			for (const v of versions(snap.events)) into.event.add(v), into.securityAnnotation.add(v);
			for (const v of versions(snap.detections)) into.threatDetection.add(v);
		};
		const keyOf = (event: Event, json: Json) =>
			event === 'newAlert' ? json.id : event === 'securityAnnotation' ? `${json.event.id}@${json.event.modifiedAt}` : `${json.id}@${json.modifiedAt}`;
		const pollAll = async () => {
			for (const event of EVENTS) {
				try {
					const result = await pollOnce(helper, spec(event), { staticData: state[event] });
					state[event] = result.staticData;
					if (result.items) {
						emitted[event].push(...result.items.map((i) => keyOf(event, i.json)));
						persisted[event] = clone(result.staticData);
					}
				} catch (error) {
					failedPolls++;
					assert.match((error as Error).message, /Cisco Global Threat Alerts|cut off/, 'a failed poll throws a clear error');
				}
			}
		};

		const baseline = await snapshot();
		await pollAll();
		for (const e of EVENTS) persisted[e] = clone(state[e] ?? {});
		assert.ok(EVENTS.every((e) => emitted[e].length === 0), 'baseline emits nothing');
		record(baseline, ignore);

		await sb.mark();
		let previousInstant = new Date(Date.now() - 500).toISOString();
		let snap = baseline;
		for (let round = 1; round <= ROUNDS; round++) {
			const instant = new Date(Date.now() - 50).toISOString();
			await sb.control('POST', '/cta/alerts', { count: 2 * SCALE, triggeredAt: instant, eventsPerDetection: 2, flowsPerEvent: 0 });
			// Same instant as the previous round's alerts: at the trigger's watermark.
			await sb.control('POST', '/cta/alerts', { count: 1 * SCALE, triggeredAt: previousInstant, eventsPerDetection: 1, flowsPerEvent: 0 });
			await sb.control('POST', '/cta/events', { count: 5 * SCALE, timestamp: instant, flowsPerEvent: 0 });
			if (round % 3 === 0) {
				const r = await sb.control('POST', '/cta/alerts', { count: 2, triggeredAt: instant, visibleAfterMs: 250, eventsPerDetection: 1, flowsPerEvent: 0 });
				for (const id of [...r.alertIds, ...r.threatDetectionIds, ...r.eventIds]) late.add(id);
			}
			const pick = (list: Json[], n: number, salt: number) =>
				list.filter((o) => !late.has(o.id)).filter((_, i) => (i * 7 + round * 13 + salt) % 89 === 0).slice(0, n).map((o) => o.id);
			if (round % 2 === 0) {
				const alertIds = pick(snap.alerts, 3, 1);
				if (alertIds.length) await sb.control('POST', '/cta/alerts/update', { ids: alertIds, set: { status: round % 4 === 0 ? 'Open' : 'New' } });
				const eventIds = pick(snap.events, 3, 2);
				if (eventIds.length) await sb.control('POST', '/cta/events/update', { ids: eventIds, set: { title: `round ${round}` } });
			} else {
				const detectionIds = pick(snap.detections, 2, 3);
				if (detectionIds.length) await sb.control('POST', '/cta/detections/update', { ids: detectionIds, set: { confidence: round % 3 === 0 ? 'High' : 'Medium' } });
			}
			if (round % 5 === 0) {
				await sb.control('POST', '/cta/tokens/expire', {});
				expiries++;
			}
			const rules = faultsFor(round);
			if (rules.length) {
				await sb.faults(rules.map((f) => f.rule));
				for (const f of rules) faults[f.kind] = (faults[f.kind] ?? 0) + 1;
			}
			if (round === Math.floor(ROUNDS / 3) || round === Math.floor((2 * ROUNDS) / 3)) {
				// n8n restarted: only the static data saved by the last emitting poll survives.
				for (const e of EVENTS) state[e] = clone(persisted[e]);
				restarts++;
			}
			snap = await snapshot();
			record(snap);
			await pollAll();
			await sb.clearFaults();
			previousInstant = instant;
		}
		await delay(300);
		for (let drain = 0; drain < 4; drain++) {
			snap = await snapshot();
			record(snap);
			await pollAll();
		}

		const requests = await sb.requestsSinceMark();
		const summary: Json = {};
		for (const event of EVENTS) {
			const expected = [...seen[event]].filter((k) => !ignore[event].has(k));
			const got = emitted[event];
			const gotSet = new Set(got);
			summary[event] = {
				expected: expected.length,
				emitted: got.length,
				lost: expected.filter((k) => !gotSet.has(k)).length,
				duplicated: got.length - gotSet.size,
				unexpected: got.filter((k) => !seen[event].has(k) || ignore[event].has(k)).length,
			};
		}
		const api = apiOnly(requests);
		const stats = {
			rounds: ROUNDS,
			polls: (ROUNDS + 5) * EVENTS.length,
			failedPolls,
			restarts,
			expiries,
			tokens: requests.filter((r) => r.route === TOKEN_ROUTE).length,
			lateObjects: [...late].length,
			faults,
			requests: requests.length,
			status401: api.filter((r) => r.status === 401).length,
			dropped: api.filter((r) => r.fault === 'drop').length,
			cutOff: api.filter((r) => r.fault === 'truncate').length,
		};
		console.log(JSON.stringify({ soak: 'cta', summary, stats }));
		for (const event of EVENTS) {
			assert.ok(summary[event].expected > 50, `${event}: a meaningful stream`);
			assert.deepEqual(
				[summary[event].lost, summary[event].duplicated, summary[event].unexpected],
				[0, 0, 0],
				`${event}: ${JSON.stringify(summary[event])}`,
			);
		}
		assert.ok(stats.polls >= 200);
		assert.ok(failedPolls >= 3, 'some polls failed and were made up later');
		assert.equal(stats.tokens, expiries, 'one new token per expiry');
		for (const kind of ['429 Retry-After 0', '429 Retry-After 1 s', '503 Retry-After 0', '500 (poll fails)', 'dropped connection', 'cut-off reply', 'slow reply'])
			assert.ok(faults[kind] > 0, kind);
		assert.ok(stats.dropped > 0 && stats.cutOff > 0);
	});

	it('Event › Search and Alert › Get Many with Return All under faults return exactly the simulator’s set', async () => {
		const events = (await listing(sb, 'events')).map((e) => e.id);
		const alerts = (await listing(sb, 'alerts')).map((a) => a.id);
		const faults = (path: string) => [
			{ match: { path }, action: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 1 },
			{ match: { path }, action: 'status', status: 503, headers: { 'Retry-After': '0' }, skip: 2, times: 1 },
			{ match: { path }, action: 'drop', skip: 4, times: 1 },
			{ match: { path }, action: 'truncate', skip: 6, times: 1 },
			{ match: { path }, action: 'delay', delayMs: 100, skip: 8, times: 1 },
		];
		await sb.control('POST', '/cta/tokens/expire', {});
		await sb.faults(faults('/events/search$'));
		await sb.mark();
		const search = await runNode(helper, {
			type: 'ciscoGlobalThreatAlerts',
			parameters: { resource: 'event', operation: 'search', returnAll: true, options: { pageSize: 200 } },
			credentials,
		});
		const searchRequests = await sb.requestsSinceMark();
		await sb.clearFaults();
		assert.equal(search.error, undefined, search.error?.message);
		const got = search.items.map((i) => i.json.id);
		assert.equal(got.length, new Set(got).size, 'no duplicates');
		assert.deepEqual([...got].sort(), [...events].sort());
		assert.ok(searchRequests.filter((r) => r.fault).length >= 5, 'faults were injected');

		await sb.faults(faults('/alerts$'));
		const getMany = await runNode(helper, {
			type: 'ciscoGlobalThreatAlerts',
			parameters: { resource: 'alert', operation: 'getAll', returnAll: true, options: { pageSize: 100 } },
			credentials,
		});
		await sb.clearFaults();
		assert.equal(getMany.error, undefined, getMany.error?.message);
		const gotAlerts = getMany.items.map((i) => i.json.id);
		assert.equal(gotAlerts.length, new Set(gotAlerts).size, 'no duplicates');
		assert.deepEqual([...gotAlerts].sort(), [...alerts].sort());
	});
});
