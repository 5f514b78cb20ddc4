import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { ctaCredentials, HarnessCredentialsHelper, pollOnce } from '../../harness/engine.mts';
import type { Json, SandboxHandle } from '../../harness/sandbox.mts';
import { sandbox } from '../../harness/sandbox.mts';
import { AM, apiOnly, listing, TD, TOKEN_ROUTE } from './helpers.mts';

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value));

type Event = 'newAlert' | 'modifiedAlert' | 'event' | 'threatDetection' | 'securityAnnotation';

describe('Cisco Global Threat Alerts › Trigger', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 150, ctaEvents: 400, ctaFlowsPerEvent: 0 });
		credentials = ctaCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const spec = (event: Event, options: Json = {}) => ({
		type: 'ciscoGlobalThreatAlertsTrigger',
		parameters: { event, options },
		credentials,
	});
	const poll = async (event: Event, staticData?: Json, options: Json = {}) =>
		await pollOnce(helper, spec(event, options), { staticData });
	const ids = (items: Json[] | null) => (items ?? []).map((i) => i.json.id);

	it('New Alert: baseline without history, then each new alert once, also several in one instant', async () => {
		await sb.mark();
		let { items, staticData } = await poll('newAlert');
		assert.equal(items, null, 'no history flood');
		const baseline = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(baseline.map((r) => r.query.sort), ['triggeredAt:asc'], 'one documented read of the late-arrival window');

		const instant = new Date(Date.now() - 1000).toISOString();
		const { alertIds: tied } = await sb.control('POST', '/cta/alerts', { count: 3, triggeredAt: instant });
		({ items, staticData } = await poll('newAlert', staticData));
		assert.deepEqual(ids(items).sort(), [...tied].sort());
		await sb.mark();
		const { alertIds: later } = await sb.control('POST', '/cta/alerts', { count: 2, triggeredAt: instant });
		({ items, staticData } = await poll('newAlert', staticData));
		assert.deepEqual(ids(items).sort(), [...later].sort(), 'alerts sharing the watermark instant are not lost');
		const [request] = apiOnly(await sb.requestsSinceMark());
		assert.equal(request.query.sort, 'triggeredAt:asc');
		assert.ok(Date.parse(request.query.triggeredAfter) < Date.parse(instant), 'reads with an overlap');
		({ items } = await poll('newAlert', staticData));
		assert.equal(items, null, 'nothing twice');
	});

	it('New Alert and Modified Alert filter by risk and status before emitting; unknown values are refused', async () => {
		const filtered = (event: Event, filters: Json) => ({ type: 'ciscoGlobalThreatAlertsTrigger', parameters: { event, filters, options: {} }, credentials });
		const newSpec = filtered('newAlert', { risks: ['Critical', 'High'] });
		const modSpec = filtered('modifiedAlert', { statuses: ['Closed'] });
		let fresh = (await pollOnce(helper, newSpec, {})).staticData;
		let mods = (await pollOnce(helper, modSpec, {})).staticData;
		const { alertIds: high } = await sb.control('POST', '/cta/alerts', { count: 2, alerts: [{ risk: 'High' }, { risk: 'High' }] });
		const { alertIds: low } = await sb.control('POST', '/cta/alerts', { count: 2, alerts: [{ risk: 'Low' }, { risk: 'Low' }] });
		let r = await pollOnce(helper, newSpec, { staticData: fresh });
		fresh = r.staticData;
		assert.deepEqual(ids(r.items).sort(), [...high].sort(), 'only Critical and High');
		assert.equal((await pollOnce(helper, newSpec, { staticData: fresh })).items, null, 'filtered-out alerts are not emitted later');
		r = await pollOnce(helper, modSpec, { staticData: mods });
		mods = r.staticData;
		assert.equal(r.items, null, 'new alerts are not Closed');
		await sb.control('POST', '/cta/alerts/update', { ids: [low[0]], set: { status: 'Closed', closingReasons: ['Remediated'] } });
		await sb.control('POST', '/cta/alerts/update', { ids: [high[0]], set: { status: 'Open' } });
		r = await pollOnce(helper, modSpec, { staticData: mods });
		assert.deepEqual(ids(r.items), [low[0]]);
		const bad = filtered('newAlert', { risks: ['Severe'] });
		await assert.rejects(pollOnce(helper, bad, { staticData: clone(fresh) }), /"Severe" is not an alert risk/);
	});

	it('Modified Alert: each alert version once; new alerts only when asked', async () => {
		let state = (await poll('modifiedAlert')).staticData;
		let quiet = (await poll('modifiedAlert', undefined, { includeNewAlerts: false })).staticData;
		const existing = (await listing(sb, 'alerts')).slice(0, 2).map((a) => a.id);
		const { alertIds: fresh } = await sb.control('POST', '/cta/alerts', { count: 1 });
		await sb.control('POST', '/cta/alerts/update', { ids: existing, set: { status: 'Open' } });
		let result = await poll('modifiedAlert', state);
		state = result.staticData;
		assert.deepEqual(ids(result.items).sort(), [...existing, ...fresh].sort());
		assert.ok(result.items!.filter((i) => existing.includes(i.json.id)).every((i) => i.json.status.value === 'Open'));
		const q = await poll('modifiedAlert', quiet, { includeNewAlerts: false });
		quiet = q.staticData;
		assert.deepEqual(ids(q.items).sort(), [...existing].sort());
		assert.equal((await poll('modifiedAlert', state)).items, null);
		await sb.control('POST', '/cta/alerts/update', { ids: [existing[0]], set: { status: 'Closed', closingReasons: ['Remediated'] } });
		result = await poll('modifiedAlert', state);
		assert.deepEqual(result.items!.map((i) => [i.json.id, i.json.status.value]), [[existing[0], 'Closed']]);
	});

	it('New or Updated Event / Threat Detection: each version once by the sequence cursor', async () => {
		let events = (await poll('event')).staticData;
		let detections = (await poll('threatDetection')).staticData;
		assert.match(events['node:Trigger'].ctaTrigger.cursor, /^\d+$/);
		const instant = new Date().toISOString();
		const { eventIds } = await sb.control('POST', '/cta/events', { count: 25, timestamp: instant, flowsPerEvent: 0 });
		const { threatDetectionIds, eventIds: convicting } = await sb.control('POST', '/cta/alerts', { count: 1, eventsPerDetection: 2, flowsPerEvent: 0 });
		await sb.mark();
		let e = await poll('event', events);
		events = e.staticData;
		assert.deepEqual(ids(e.items).sort(), [...eventIds, ...convicting].sort());
		const [request] = apiOnly(await sb.requestsSinceMark());
		assert.equal(`${request.method} ${request.query.sort}`, 'POST modificationSequenceNumber');
		let d = await poll('threatDetection', detections);
		detections = d.staticData;
		assert.deepEqual(ids(d.items), threatDetectionIds);

		await sb.control('POST', '/cta/events/update', { ids: [eventIds[3]], set: { title: 'changed' } });
		await sb.control('POST', '/cta/detections/update', { ids: threatDetectionIds, set: { risk: 'Low' } });
		e = await poll('event', events);
		assert.deepEqual(e.items!.map((i) => [i.json.id, i.json.title]), [[eventIds[3], 'changed']]);
		d = await poll('threatDetection', detections);
		assert.deepEqual(d.items!.map((i) => [i.json.id, i.json.risk]), [[threatDetectionIds[0], 'Low']]);
		assert.equal((await poll('event', e.staticData)).items, null);
		assert.equal((await poll('threatDetection', d.staticData)).items, null);
	});

	it('Security Annotation: joined event items by the sequence cursor', async () => {
		const state = (await poll('securityAnnotation')).staticData;
		const created = await sb.control('POST', '/cta/alerts', { count: 1, eventsPerDetection: 2, flowsPerEvent: 0 });
		const { eventIds: contextual } = await sb.control('POST', '/cta/events', { count: 1, flowsPerEvent: 0 });
		const { items } = await poll('securityAnnotation', state);
		assert.deepEqual(
			items!.map((i) => [i.json.event.id, i.json.annotationType, i.json.threatDetections.map((d: Json) => d.id), i.json.alerts.map((a: Json) => a.id)]),
			[
				...created.eventIds.map((id: string) => [id, 'convicting', created.threatDetectionIds, created.alertIds]),
				[contextual[0], 'contextual', [], []],
			],
		);
	});

	it('in manual mode returns the latest object and writes no state', async () => {
		const { alertIds } = await sb.control('POST', '/cta/alerts', { count: 1 });
		const { eventIds } = await sb.control('POST', '/cta/events', { count: 1, flowsPerEvent: 0 });
		for (const [event, expected] of [['newAlert', alertIds[0]], ['modifiedAlert', alertIds[0]], ['event', eventIds[0]]] as const) {
			const staticData = {};
			const result = await pollOnce(helper, spec(event), { mode: 'manual', staticData });
			assert.deepEqual(ids(result.items), [expected], event);
			assert.deepEqual(result.staticData, {});
		}
		const annotation = await pollOnce(helper, spec('securityAnnotation'), { mode: 'manual' });
		assert.deepEqual(annotation.items!.map((i) => i.json.event.id), eventIds);
	});

	it('starts from the beginning or from a date when asked, reading history once', async () => {
		const all = await listing(sb, 'detections');
		const first = await poll('threatDetection', undefined, { startFromBeginning: true, maxPerPoll: 300 });
		assert.deepEqual(ids(first.items), all.slice(0, 300).map((d) => d.id), 'capped per poll');
		const second = await poll('threatDetection', first.staticData, { startFromBeginning: true, maxPerPoll: 300 });
		assert.deepEqual([...ids(first.items), ...ids(second.items)], all.map((d) => d.id));
		assert.equal((await poll('threatDetection', second.staticData, { startFromBeginning: true })).items, null);

		const alerts = await listing(sb, 'alerts');
		const from = [...alerts].sort((a, b) => Date.parse(a.triggeredAt) - Date.parse(b.triggeredAt))[alerts.length - 20].triggeredAt;
		const dated = await poll('newAlert', undefined, { startDate: from });
		const expected = alerts.filter((a) => Date.parse(a.triggeredAt) >= Date.parse(from)).map((a) => a.id);
		assert.deepEqual(ids(dated.items).sort(), expected.sort());
		assert.equal((await poll('newAlert', dated.staticData, { startDate: from })).items, null);
	});

	it('throws on failure and leaves the state untouched', async () => {
		for (const event of ['newAlert', 'event'] as const) {
			const { staticData } = await poll(event);
			await sb.control('POST', event === 'newAlert' ? '/cta/alerts' : '/cta/events', { count: 1 });
			const before = clone(staticData);
			await sb.faults([{ match: { vendor: 'cta' }, action: 'status', status: 400, body: { message: 'Invalid cursor' }, times: 1 }]);
			await assert.rejects(poll(event, staticData), /answered 400 — Invalid cursor/);
			assert.deepEqual(staticData, before);
			const retry = await poll(event, staticData);
			assert.equal(retry.items?.length, 1, 'the next poll still emits it');
		}
	});

	it('soak: 36 polls of every event with same-instant objects, updates, late arrivals, 429s, token expiry and restarts: 0 lost, 0 duplicated', async () => {
		const events: Event[] = ['newAlert', 'modifiedAlert', 'event', 'threatDetection', 'securityAnnotation'];
		const state: Record<string, Json> = {};
		const persisted: Record<string, Json | undefined> = {};
		const emitted: Record<string, string[]> = Object.fromEntries(events.map((e) => [e, []]));
		const seen: Record<string, Set<string>> = Object.fromEntries(events.map((e) => [e, new Set<string>()]));
		const late = new Set<string>();
		const versions = (list: Json[]) => new Set(list.map((o) => `${o.id}@${o.modifiedAt}`));

		const snapshot = async () => {
			const [alerts, detections, evs] = await Promise.all([listing(sb, 'alerts'), listing(sb, 'detections'), listing(sb, 'events')]);
			return { alerts, detections, events: evs };
		};
		const record = (snap: Awaited<ReturnType<typeof snapshot>>) => {
			for (const a of snap.alerts) seen.newAlert.add(a.id);
			for (const v of versions(snap.alerts)) seen.modifiedAlert.add(v);
			for (const v of versions(snap.events)) seen.event.add(v), seen.securityAnnotation.add(v);
			for (const v of versions(snap.detections)) seen.threatDetection.add(v);
		};
		const keyOf = (event: Event, json: Json) =>
			event === 'newAlert' ? json.id : event === 'securityAnnotation' ? `${json.event.id}@${json.event.modifiedAt}` : `${json.id}@${json.modifiedAt}`;
		const pollAll = async () => {
			for (const event of events) {
				const result = await poll(event, state[event], { maxPerPoll: 40 });
				state[event] = result.staticData;
				if (result.items) {
					emitted[event].push(...result.items.map((i) => keyOf(event, i.json)));
					persisted[event] = clone(result.staticData);
				}
			}
		};

		const baseline = await snapshot();
		await pollAll();
		assert.ok(events.every((e) => emitted[e].length === 0), 'baseline emits nothing');
		const ignore: Record<string, Set<string>> = Object.fromEntries(events.map((e) => [e, new Set<string>()]));
		record(baseline);
		for (const e of events) for (const k of seen[e]) ignore[e].add(k);

		await sb.mark();
		let expiries = 0;
		let previousInstant = new Date(Date.now() - 500).toISOString();
		let snap = baseline;
		const ROUNDS = 36;
		for (let round = 1; round <= ROUNDS; round++) {
			const instant = new Date(Date.now() - 50).toISOString();
			await sb.control('POST', '/cta/alerts', { count: 3, triggeredAt: instant, eventsPerDetection: 2, flowsPerEvent: 0 });
			// Same instant as the previous round's alerts: at the trigger's watermark.
			await sb.control('POST', '/cta/alerts', { count: 2, triggeredAt: previousInstant, eventsPerDetection: 1, flowsPerEvent: 0 });
			await sb.control('POST', '/cta/events', { count: 8, timestamp: instant, flowsPerEvent: 0 });
			if (round % 3 === 0) {
				const r = await sb.control('POST', '/cta/alerts', { count: 2, triggeredAt: instant, visibleAfterMs: 250, eventsPerDetection: 1, flowsPerEvent: 0 });
				for (const id of [...r.alertIds, ...r.threatDetectionIds, ...r.eventIds]) late.add(id);
			}
			const pick = <T extends Json>(list: T[], n: number, salt: number) =>
				list.filter((o) => !late.has(o.id)).filter((_, i) => (i * 7 + round * 13 + salt) % 97 === 0).slice(0, n).map((o) => o.id);
			if (round % 2 === 0) {
				const alertIds = pick(snap.alerts, 3, 1);
				if (alertIds.length) await sb.control('POST', '/cta/alerts/update', { ids: alertIds, set: { status: round % 4 === 0 ? 'Open' : 'New' } });
				const eventIds = pick(snap.events, 3, 2);
				if (eventIds.length) await sb.control('POST', '/cta/events/update', { ids: eventIds, set: { title: `round ${round}` } });
			}
			if (round % 3 === 1) {
				const detectionIds = pick(snap.detections, 2, 3);
				if (detectionIds.length) await sb.control('POST', '/cta/detections/update', { ids: detectionIds, set: { confidence: 'High' } });
			}
			if (round % 5 === 0) {
				await sb.control('POST', '/cta/tokens/expire', {});
				expiries++;
			}
			if (round % 4 === 2) {
				await sb.faults([{ match: { vendor: 'cta' }, action: 'status', status: 429, headers: { 'Retry-After': round === 6 ? '1' : '0' }, times: 2 }]);
			}
			if (round % 12 === 0) {
				// n8n keeps static data only from polls that emitted: a restart loses the rest.
				for (const e of events) state[e] = clone(persisted[e] ?? {});
			}
			snap = await snapshot();
			record(snap);
			await pollAll();
			previousInstant = instant;
		}
		await delay(300);
		for (let drain = 0; drain < 3; drain++) {
			snap = await snapshot();
			record(snap);
			await pollAll();
		}

		const requests = await sb.requestsSinceMark();
		const summary: Json = {};
		for (const event of events) {
			const expected = [...seen[event]].filter((k) => !ignore[event].has(k));
			const got = emitted[event];
			const lost = expected.filter((k) => !got.includes(k));
			const duplicated = got.length - new Set(got).size;
			const unexpected = got.filter((k) => !seen[event].has(k) || ignore[event].has(k));
			summary[event] = { expected: expected.length, emitted: got.length, lost: lost.length, duplicated, unexpected: unexpected.length };
		}
		const statuses = apiOnly(requests).map((r) => r.status);
		const lateVisible = [...late].filter((id) => seen.newAlert.has(id)).length;
		const stats = {
			polls: (ROUNDS + 4) * events.length,
			tokens: requests.filter((r) => r.route === TOKEN_ROUTE).length,
			expiries,
			status401: statuses.filter((s) => s === 401).length,
			status429: statuses.filter((s) => s === 429).length,
			lateAlerts: lateVisible,
		};
		console.log(JSON.stringify({ summary, stats }));
		for (const event of events) {
			assert.ok(summary[event].expected > 50, `${event}: a meaningful stream`);
			assert.deepEqual(
				[summary[event].lost, summary[event].duplicated, summary[event].unexpected],
				[0, 0, 0],
				`${event}: ${JSON.stringify(summary[event])}`,
			);
		}
		assert.equal(stats.tokens, expiries, 'one refresh per expiry, the token reused otherwise');
		assert.equal(stats.status401, expiries);
		assert.ok(stats.status429 >= 10);
		assert.ok(lateVisible > 0);
		const reads = apiOnly(requests).filter((r) => r.path.startsWith(`${AM}/alerts`) || r.path.startsWith(TD));
		assert.ok(reads.every((r) => !JSON.stringify(r.body ?? {}).includes('state')));
	});
});
