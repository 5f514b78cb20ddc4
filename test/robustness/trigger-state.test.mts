// Both triggers (shared engine, nodes/shared/trigger) against hostile saved state and odd vendor
// replies, in n8n-core's real PollContext: a future vendor timestamp, corrupt or tampered state,
// state that has to be recovered (and says so), IDs named like Object.prototype members, a
// sequence stream without endCursor, documented sorts only, and the poll budget.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, coreMajor, ctaCredentials, HarnessCredentialsHelper, pollOnce } from '../harness/engine.mts';
import type { HostileServer } from '../harness/hostile.mts';
import { answerToken, hostileServer, isTokenRequest, json } from '../harness/hostile.mts';
import type { Json, SandboxHandle } from '../harness/sandbox.mts';
import { sandbox } from '../harness/sandbox.mts';
import { apiOnly } from '../nodes/CiscoGlobalThreatAlerts/helpers.mts';

const NODE = 'node:Trigger';
const ids = (items: Json[] | null) => (items ?? []).map((i) => i.json.id as string);

/** Warnings n8n's logger received while `fn` ran (the same Logger instance n8n-core hands nodes). */
async function warnings<T>(fn: () => Promise<T>): Promise<{ value: T; warned: string[] }> {
	const coreRequire = createRequire(createRequire(import.meta.url).resolve('n8n-core'));
	const { Container } = coreRequire('@n8n/di');
	const { Logger } = coreRequire('@n8n/backend-common');
	const logger = Container.get(Logger);
	const original = logger.warn;
	const warned: string[] = [];
	logger.warn = (message: string) => void warned.push(String(message));
	try {
		return { value: await fn(), warned };
	} finally {
		logger.warn = original;
	}
}

describe('Trigger state: Carbon Black Cloud', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;
	before(async () => {
		sb = await sandbox({ cbcAlerts: 200 });
		credentials = cbcCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const spec = { type: 'carbonBlackCloudTrigger', parameters: { event: 'alertCreated', options: { settleSeconds: 0, overlapSeconds: 60 } }, get credentials() { return credentials; } };
	const poll = (staticData?: Json, options: Json = {}) => pollOnce(helper, spec, { staticData, ...options });
	const add = (body: Json) => sb.control('POST', '/cbc/alerts', body);
	const baseline = async () => (await poll()).staticData;

	const corrupt: Array<[string, (s: Json) => void]> = [
		['seen: null', (s) => (s.seen = null)],
		['seen: "x"', (s) => (s.seen = 'x')],
		['watermark: "abc"', (s) => (s.watermark = 'abc')],
		['watermark: {}', (s) => (s.watermark = {})],
		['watermark: 1e300', (s) => (s.watermark = 1e300)],
		['floor: "x"', (s) => (s.floor = 'x')],
		['watermark a year ahead', (s) => (s.watermark = Date.now() + 365 * 86_400_000)],
		['the whole state a string', (s) => Object.assign(s, { __replace: 'garbage' })],
	];
	for (const [name, spoil] of corrupt) {
		it(`corrupt saved state (${name}) is recovered: no crash, new alerts emitted, a warning and a notice`, async () => {
			const state = await baseline();
			spoil(state[NODE].cbcTrigger);
			if (state[NODE].cbcTrigger.__replace) state[NODE].cbcTrigger = state[NODE].cbcTrigger.__replace;
			const { ids: fresh } = await add({ count: 2 });
			const { value: result, warned } = await warnings(() => poll(state));
			assert.deepEqual(ids(result.items).filter((id) => fresh.includes(id)).sort(), [...fresh].sort(), 'new alerts are emitted');
			assert.match(String(result.items![0].json._notice), /Carbon Black Cloud Trigger|Trigger: its saved state was unusable/);
			assert.ok(warned.some((w) => /saved state was unusable/.test(w)), `warned: ${warned.join(' | ')}`);
			const again = await poll(result.staticData);
			assert.ok(!ids(again.items).some((id) => fresh.includes(id)), 'and not twice');
			assert.equal(again.items?.[0]?.json._notice, undefined, 'the notice is shown once');
		});
	}

	it('IDs named like Object.prototype members are emitted once each', async () => {
		const state = await baseline();
		const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
		await add({ alerts: names.map((id) => ({ id })) });
		const first = await poll(state);
		assert.deepEqual(ids(first.items).filter((id) => names.includes(id)).sort(), [...names].sort());
		assert.ok(first.items!.every((i) => i.json._eventId === i.json.id), 'each item carries its stable event ID');
		const second = await poll(first.staticData);
		assert.deepEqual(ids(second.items).filter((id) => names.includes(id)), []);
	});

	it('two polls of one trigger at once (n8n\'s durable scheduler after a restart): the second does nothing, nothing is emitted twice', async () => {
		const state = await baseline();
		const { ids: added } = await add({ count: 4 });
		// both polls start from the same saved cursor, as two overdue occurrences do
		const copy = JSON.parse(JSON.stringify(state));
		const saved = JSON.stringify(copy);
		await sb.faults([{ match: { path: '/alerts/_search' }, action: 'delay', delayMs: 300 }]);
		let both: Array<{ items: Json[] | null; staticData: Json }>;
		try {
			both = await Promise.all([poll(state), poll(copy)]);
		} finally {
			await sb.clearFaults();
		}
		const [first, second] = both;
		assert.deepEqual(ids(first.items).filter((id) => added.includes(id)).sort(), [...added].sort());
		assert.equal(second.items, null);
		assert.deepEqual(JSON.parse(JSON.stringify(second.staticData)), JSON.parse(saved), 'the skipped poll changes nothing');
		// afterwards polls run as usual
		const { ids: later } = await add({ count: 2 });
		const third = await poll(first.staticData);
		assert.deepEqual(ids(third.items).sort(), [...later].sort());
	});

	it('a poll that reads the position from before the last emit (n8n has not committed it yet) does nothing', async () => {
		const state = await baseline();
		const before = JSON.stringify(state);
		const { ids: added } = await add({ count: 3 });
		const first = await poll(state);
		assert.deepEqual(ids(first.items).filter((id) => added.includes(id)).sort(), [...added].sort());
		// the next occurrence starts before n8n committed the emit's position: it reads the old one
		const stale = await poll(JSON.parse(before));
		assert.equal(stale.items, null);
		assert.deepEqual(JSON.parse(JSON.stringify(stale.staticData)), JSON.parse(before), 'the skipped poll changes nothing');
		// once the position is there, polls go on: nothing lost, nothing twice
		const { ids: later } = await add({ count: 2 });
		const next = await poll(first.staticData);
		assert.deepEqual(ids(next.items).sort(), [...later].sort());
	});

	it('settings that changed are reported and the trigger continues from where it was: nothing between is lost', async () => {
		let state = await baseline();
		const { ids: before } = await add({ count: 2 });
		state = (await poll(state)).staticData;
		const { ids: between } = await add({ count: 3 });
		const changed = { ...spec, parameters: { ...spec.parameters, query: 'severity:[1 TO 10]' } };
		const result = await pollOnce(helper, changed, { staticData: state });
		assert.deepEqual(ids(result.items).filter((id) => between.includes(id)).sort(), [...between].sort());
		assert.ok(!ids(result.items).some((id) => before.includes(id)));
		assert.match(String(result.items![0].json._notice), /its settings changed; it continues from the saved position/);
	});

	it('state of the previous trigger version (v1) is taken over without loss or notice', async () => {
		const state = await baseline();
		const v2 = state[NODE].cbcTrigger;
		const { fingerprintOf } = createRequire(import.meta.url)('../../dist/nodes/shared/trigger/state.js');
		state[NODE].cbcTrigger = {
			version: 1,
			fingerprint: fingerprintOf(['alertCreated', {}, 'custom', sb.url, 'ABCD1234']),
			watermark: v2.watermark,
			floor: v2.floor,
			seen: Object.fromEntries(Array.from({ length: v2.seen.length / 2 }, (_, i) => [v2.seen[2 * i], v2.seen[2 * i + 1]])),
		};
		const { ids: fresh } = await add({ count: 2 });
		const result = await poll(state);
		assert.deepEqual(ids(result.items).sort(), [...fresh].sort());
		assert.equal(result.items![0].json._notice, undefined);
		assert.equal(result.staticData[NODE].cbcTrigger.version, 2);
	});
});

describe('Trigger state: Cisco Global Threat Alerts', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;
	before(async () => {
		sb = await sandbox({ ctaAlerts: 60, ctaEvents: 120, ctaFlowsPerEvent: 0 });
		credentials = ctaCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const spec = (event: string, options: Json = {}) => ({ type: 'ciscoGlobalThreatAlertsTrigger', parameters: { event, options }, credentials });
	const poll = (event: string, staticData?: Json, extra: Json = {}) => pollOnce(helper, spec(event), { staticData, ...extra });

	it('New Alert: an alert stamped an hour (or 73 years) ahead does not blind the trigger', async () => {
		let state = (await poll('newAlert')).staticData;
		for (const ahead of [3_600_000, Date.parse('2099-01-01T00:00:00Z') - Date.now()]) {
			const { alertIds: future } = await sb.control('POST', '/cta/alerts', { count: 1, triggeredAt: new Date(Date.now() + ahead).toISOString() });
			let result = await poll('newAlert', state);
			assert.deepEqual(ids(result.items), future, 'the future alert once');
			state = result.staticData;
			assert.ok(state[NODE].ctaTrigger.watermark <= Date.now(), 'the watermark stays at the clock');
			const { alertIds: now } = await sb.control('POST', '/cta/alerts', { count: 2 });
			result = await poll('newAlert', state);
			assert.deepEqual(ids(result.items).sort(), [...now].sort(), 'alerts stamped now are still emitted');
			state = result.staticData;
			assert.equal((await poll('newAlert', state)).items, null, 'and nothing twice');
		}
	});

	const corrupt: Array<[string, Json]> = [
		['watermark "abc"', { watermark: 'abc' }],
		['watermark {}', { watermark: {} }],
		['watermark 1e300', { watermark: 1e300 }],
		['floor "x"', { floor: 'x' }],
		['watermark far in the future', { watermark: Date.now() + 10 * 365 * 86_400_000 }],
	];
	for (const [name, values] of corrupt) {
		it(`New Alert with corrupt saved state (${name}) keeps working and says so`, async () => {
			const state = (await poll('newAlert')).staticData;
			Object.assign(state[NODE].ctaTrigger, values);
			const { alertIds: fresh } = await sb.control('POST', '/cta/alerts', { count: 2 });
			const result = await poll('newAlert', state);
			assert.ok(fresh.every((id: string) => ids(result.items).includes(id)), `emitted ${ids(result.items)}`);
			assert.match(String(result.items![0].json._notice), /saved state was unusable/);
		});
	}

	it('a tampered sequence cursor is never sent: no after[evil]=1, the trigger re-baselines and says so', async () => {
		const state = (await poll('threatDetection')).staticData;
		state[NODE].ctaTrigger.cursor = { evil: 1 };
		await sb.mark();
		const { value: result, warned } = await warnings(() => poll('threatDetection', state));
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.ok(requests.every((r) => !JSON.stringify(r.query).includes('evil')), JSON.stringify(requests.map((r) => r.query)));
		assert.equal(result.items, null, 're-baselined: nothing emitted this poll');
		assert.ok(warned.some((w) => /cursor is object/.test(w)));
		assert.match(result.staticData[NODE].ctaTrigger.notice, /no usable position was saved/);
		const { eventIds } = await sb.control('POST', '/cta/events', { count: 3, flowsPerEvent: 0 });
		assert.ok(eventIds.length === 3);
	});

	it('Event, Threat Detection and Security Annotation triggers activate with documented sorts only', async () => {
		for (const event of ['event', 'threatDetection', 'securityAnnotation']) {
			await sb.mark();
			const first = await poll(event);
			assert.equal(first.items, null, `${event}: baseline`);
			const sorts = apiOnly(await sb.requestsSinceMark()).map((r) => r.query.sort);
			assert.ok(sorts.length >= 1);
			assert.ok(sorts.every((sort) => sort === 'modificationSequenceNumber'), `${event}: ${sorts}`);
			const { eventIds } = await sb.control('POST', '/cta/events', { count: 2, flowsPerEvent: 0 });
			const next = await poll(event, first.staticData);
			if (event !== 'threatDetection') assert.equal(next.items?.length, 2, `${event} emits the new events`);
		}
	});
});

describe('Trigger state: a sequence stream without endCursor', () => {
	let vendor: HostileServer;
	before(async () => {
		vendor = await hostileServer();
	});
	after(async () => vendor.close());

	it('does not re-emit the same objects on every poll', async () => {
		const page = [
			{ id: 'td-1', modifiedAt: '2026-12-01T10:00:00.000Z' },
			{ id: 'td-2', modifiedAt: '2026-12-01T10:00:01.000Z' },
		];
		vendor.handle((req, res) => {
			if (isTokenRequest(req)) return answerToken(res);
			json(res, 200, { items: page, pageInfo: { endCursor: null, hasNextPage: false } });
		});
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, vendor.url, { customTokenUrl: `${vendor.url}/iroh/oauth2/token` });
		const spec = { type: 'ciscoGlobalThreatAlertsTrigger', parameters: { event: 'threatDetection', options: { startFromBeginning: true } }, credentials };
		let result = await pollOnce(helper, spec);
		assert.deepEqual(ids(result.items), ['td-1', 'td-2']);
		for (let i = 0; i < 3; i++) {
			result = await pollOnce(helper, spec, { staticData: result.staticData });
			assert.equal(result.items, null, `poll ${i + 2} emits nothing new`);
		}
		page.push({ id: 'td-1', modifiedAt: '2026-12-01T10:05:00.000Z' });
		result = await pollOnce(helper, spec, { staticData: result.staticData });
		assert.deepEqual(result.items!.map((i) => i.json.modifiedAt), ['2026-12-01T10:05:00.000Z'], 'a new version is emitted');
	});
});

/**
 * Four polls of a trigger capped at 10 per poll, after 25 new alerts (`burst`, created at
 * `times`): 10, 10, 5, then nothing, each alert once, oldest first. Returns the static data.
 */
async function drainsCapped(helper: HarnessCredentialsHelper, spec: Parameters<typeof pollOnce>[1], staticData: Json, burst: string[], times: string[]): Promise<Json> {
	await new Promise((resolve) => setTimeout(resolve, 100));
	const perPoll: number[] = [];
	const emitted: string[] = [];
	for (let i = 0; i < 4; i++) {
		const result = await pollOnce(helper, spec, { staticData });
		perPoll.push(ids(result.items).length);
		emitted.push(...ids(result.items));
		staticData = result.staticData;
	}
	assert.deepEqual(perPoll, [10, 10, 5, 0], 'at most 10 per poll, then nothing new');
	assert.equal(new Set(emitted).size, emitted.length, 'no duplicate');
	assert.deepEqual([...emitted].sort(), [...burst].sort(), 'no loss');
	const order = emitted.map((id) => times[burst.indexOf(id)]);
	assert.deepEqual(order, [...order].sort(), 'oldest first');
	return staticData;
}

/**
 * A cap of 1 with 28 emitted alerts in the late-arrival window: two new alerts arrive one per
 * poll, and each poll makes one API request (pages stay full; the emitted ones do not count).
 */
async function capOfOne(sb: SandboxHandle, helper: HarnessCredentialsHelper, spec: Parameters<typeof pollOnce>[1], staticData: Json, add: () => Promise<string[]>): Promise<void> {
	const one = { ...spec, parameters: { ...spec.parameters, options: { ...(spec.parameters.options as Json), maxPerPoll: 1 } } };
	const added = await add();
	const emitted: string[] = [];
	for (let i = 0; i < 3; i++) {
		await sb.mark();
		const result = await pollOnce(helper, one, { staticData });
		assert.equal(apiOnly(await sb.requestsSinceMark()).length, 1, `poll ${i + 1}: one request`);
		assert.ok(ids(result.items).length <= 1, `poll ${i + 1}: at most one alert`);
		emitted.push(...ids(result.items));
		staticData = result.staticData;
	}
	assert.deepEqual(emitted.sort(), [...added].sort(), 'both new alerts, once each, then nothing');
}

describe('Trigger state: Carbon Black Cloud Max Alerts per Poll', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	before(async () => {
		sb = await sandbox({ cbcAlerts: 0 });
	});
	after(async () => sb.close());

	it('caps each poll, drains a burst in order across polls (also inside a run of one timestamp) and does not count alerts emitted before', async () => {
		const credentials = cbcCredentials(helper, sb.url);
		const spec = { type: 'carbonBlackCloudTrigger', parameters: { event: 'alertCreated', options: { settleSeconds: 0, overlapSeconds: 600, maxPerPoll: 10 } }, credentials };
		let { staticData } = await pollOnce(helper, spec);
		const base = Date.now() + 20;
		// 25 alerts, four per millisecond: the cap of 10 falls inside a run of one timestamp.
		const alerts = Array.from({ length: 25 }, (_, i) => ({ backend_timestamp: new Date(base + Math.floor(i / 4)).toISOString() }));
		const burst: string[] = (await sb.control('POST', '/cbc/alerts', { alerts })).ids;
		staticData = await drainsCapped(helper, spec, staticData, burst, alerts.map((a) => a.backend_timestamp));

		// The late-arrival window now re-reads all 25 (more than the cap): they do not count, so the
		// next poll emits the 3 new alerts at once.
		const more: string[] = (await sb.control('POST', '/cbc/alerts', { alerts: Array.from({ length: 3 }, () => ({ backend_timestamp: new Date(Date.now() - 10).toISOString() })) })).ids;
		const next = await pollOnce(helper, spec, { staticData });
		assert.deepEqual(ids(next.items).sort(), [...more].sort());
		await capOfOne(sb, helper, spec, next.staticData, async () =>
			(await sb.control('POST', '/cbc/alerts', { alerts: [0, 1].map(() => ({ backend_timestamp: new Date(Date.now() - 10).toISOString() })) })).ids,
		);
	});

	it('refuses a cap that is not a whole number of at least 1', async () => {
		const credentials = cbcCredentials(helper, sb.url);
		for (const maxPerPoll of [0, 2.5, -1]) {
			const spec = { type: 'carbonBlackCloudTrigger', parameters: { event: 'alertCreated', options: { maxPerPoll } }, credentials };
			await assert.rejects(pollOnce(helper, spec), /"Max Alerts per Poll" must be a whole number of at least 1/);
		}
	});
});

describe('Trigger state: Cisco Max Items per Poll on alert streams', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	before(async () => {
		sb = await sandbox({ ctaAlerts: 0, ctaEvents: 0 });
	});
	after(async () => sb.close());

	it('New Alert: caps each poll, drains in order (also inside a run of one timestamp) and does not count alerts emitted before', async () => {
		const credentials = ctaCredentials(helper, sb.url);
		const spec = { type: 'ciscoGlobalThreatAlertsTrigger', parameters: { event: 'newAlert', options: { lateArrivalSeconds: 600, maxPerPoll: 10 } }, credentials };
		let { staticData } = await pollOnce(helper, spec);
		const base = Date.now() + 20;
		const alerts = Array.from({ length: 25 }, (_, i) => ({ triggeredAt: new Date(base + Math.floor(i / 4)).toISOString() }));
		const burst: string[] = (await sb.control('POST', '/cta/alerts', { alerts, eventsPerDetection: 0, flowsPerEvent: 0 })).alertIds;
		staticData = await drainsCapped(helper, spec, staticData, burst, alerts.map((a) => a.triggeredAt));
		const more: string[] = (await sb.control('POST', '/cta/alerts', { alerts: Array.from({ length: 3 }, () => ({ triggeredAt: new Date(Date.now() - 10).toISOString() })), eventsPerDetection: 0, flowsPerEvent: 0 })).alertIds;
		const next = await pollOnce(helper, spec, { staticData });
		assert.deepEqual(ids(next.items).sort(), [...more].sort(), 'the 25 re-read in the window do not count toward the cap');
		await capOfOne(sb, helper, spec, next.staticData, async () =>
			(await sb.control('POST', '/cta/alerts', { alerts: [0, 1].map(() => ({ triggeredAt: new Date(Date.now() - 10).toISOString() })), eventsPerDetection: 0, flowsPerEvent: 0 })).alertIds,
		);
	});
});

describe('Trigger state: the poll budget', { skip: coreMajor < 2 ? 'n8n 1.x has no poll budget' : false }, () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	before(async () => {
		sb = await sandbox({ cbcAlerts: 10, ctaAlerts: 10, ctaEvents: 10, ctaFlowsPerEvent: 0 });
	});
	after(async () => sb.close());

	it('a CBC burst larger than a page drains across polls that stop at the budget: no loss, no duplicate', { timeout: 120_000 }, async () => {
		const credentials = cbcCredentials(helper, sb.url);
		const spec = { type: 'carbonBlackCloudTrigger', parameters: { event: 'alertCreated', options: { settleSeconds: 0, overlapSeconds: 600 } }, credentials };
		const base = Date.now();
		let { staticData } = await pollOnce(helper, spec);
		await new Promise((resolve) => setTimeout(resolve, 1_200));
		// 21,000 alerts in the second after the baseline, many sharing a millisecond.
		const alerts = Array.from({ length: 21_000 }, (_, i) => ({ backend_timestamp: new Date(base + 100 + Math.floor(i / 21)).toISOString() }));
		const burst: string[] = (await sb.control('POST', '/cbc/alerts', { alerts })).ids;
		// Every page takes at least 700 ms; with a budget of 1 s a poll has time for its first page only.
		await sb.faults([{ match: { path: '/alerts/_search' }, action: 'delay', delayMs: 700 }]);
		const emitted: string[] = [];
		const perPoll: number[] = [];
		while (emitted.length < burst.length && perPoll.length < 10) {
			await sb.mark();
			const result = await pollOnce(helper, spec, { staticData, budgetMs: 1_000 });
			perPoll.push(apiOnly(await sb.requestsSinceMark()).length);
			for (const id of ids(result.items)) emitted.push(id);
			staticData = result.staticData;
		}
		await sb.clearFaults();
		assert.equal(new Set(emitted).size, emitted.length, 'no duplicate');
		assert.equal(emitted.length, burst.length, 'no loss');
		assert.deepEqual([...emitted].sort(), [...burst].sort());
		assert.ok(perPoll.length >= 3, `drained over ${perPoll.length} polls (${perPoll})`);
		assert.ok(perPoll.every((n) => n <= 2), `requests per poll: ${perPoll}`);
		const after = await pollOnce(helper, spec, { staticData, budgetMs: 1_000 });
		assert.equal(after.items, null, 'nothing left');
	});

	it('a Cisco event burst drains across polls that stop at the budget: no loss, no duplicate', { timeout: 120_000 }, async () => {
		const credentials = ctaCredentials(helper, sb.url);
		const spec = { type: 'ciscoGlobalThreatAlertsTrigger', parameters: { event: 'event', options: {} }, credentials };
		let { staticData } = await pollOnce(helper, spec);
		const burst: string[] = (await sb.control('POST', '/cta/events', { count: 3_500, flowsPerEvent: 0 })).eventIds;
		await sb.faults([{ match: { path: '/events/search' }, action: 'delay', delayMs: 700 }]);
		const emitted: string[] = [];
		let polls = 0;
		while (emitted.length < burst.length && polls < 10) {
			const result = await pollOnce(helper, spec, { staticData, budgetMs: 1_000 });
			polls++;
			for (const id of ids(result.items)) emitted.push(id);
			staticData = result.staticData;
		}
		await sb.clearFaults();
		assert.equal(new Set(emitted).size, emitted.length, 'no duplicate');
		assert.deepEqual([...emitted].sort(), [...burst].sort(), 'no loss');
		assert.ok(polls >= 3, `drained over ${polls} polls`);
	});
});
