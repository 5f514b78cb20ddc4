// Carbon Black Cloud simulator: v7, Jobs API, v6, auth, data shape, control endpoints.
// Run: node --import tsx --test test/sandbox/*.test.mts

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startSandbox, type RunningSandbox } from '../../sandbox/index.mts';

type Json = Record<string, any>;
const TOKEN = 'SANDBOXSECRET0123456789/SANDBOXID01';
const NOW = '2024-05-01T12:00:00.000Z';
const V7 = '/api/alerts/v7/orgs/ABCD1234';
const V6 = '/appservices/v6/orgs/ABCD1234';
const JOBS = '/jobs/v1/orgs/ABCD1234/jobs';
const DAY = 86_400_000;

let sb: RunningSandbox;

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
	const headers: Json = { 'content-type': 'application/json' };
	if (token !== null) headers['X-Auth-Token'] = token;
	const res = await fetch(sb.url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
	const text = await res.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	return { status: res.status, json, text };
}
const post = (path: string, body?: unknown, token?: string | null) => call('POST', path, body, token);
const get = (path: string, token?: string | null) => call('GET', path, undefined, token);
const ctl = (method: string, path: string, body?: unknown) => call(method, `/_sandbox${path}`, body, null);
const search = async (body: Json) => {
	const r = await post(`${V7}/alerts/_search`, body);
	assert.equal(r.status, 200, r.text);
	return r.json;
};
const clockNow = async (): Promise<number> => (await ctl('GET', '/clock')).json.nowMs;
const advance = (ms: number) => ctl('POST', '/clock', { advanceMs: ms });
const expect400 = async (path: string, body: unknown, code: string): Promise<Json> => {
	const r = await post(path, body);
	assert.equal(r.status, 400, r.text);
	assert.equal(r.json.error_code, code, r.text);
	return r.json;
};

before(async () => {
	sb = await startSandbox({ port: 0, seed: 42, cbcAlerts: 3000, ctaAlerts: 20, now: NOW });
});
after(() => sb.close());

describe('CBC auth', () => {
	it('401 without or with a wrong token, never echoing it', async () => {
		const r1 = await post(`${V7}/alerts/_search`, {}, null);
		assert.equal(r1.status, 401);
		assert.equal(r1.json.error_code, 'UNAUTHORIZED');
		const r2 = await post(`${V7}/alerts/_search`, {}, 'WRONGSECRETVALUE/SANDBOXID01');
		assert.equal(r2.status, 401);
		assert.ok(!r2.text.includes('WRONGSECRETVALUE'));
		assert.equal((await get(`${JOBS}/1`, 'x')).status, 401);
		assert.equal((await post(`${V6}/alerts/_search`, {}, null)).status, 401);
	});

	it('header name is case-insensitive', async () => {
		const res = await fetch(`${sb.url}${V7}/alerts/_search`, { method: 'POST', headers: { 'x-auth-token': TOKEN }, body: '{"rows":0}' });
		assert.equal(res.status, 200);
	});

	it('403 for another org', async () => {
		const r = await post('/api/alerts/v7/orgs/OTHER999/alerts/_search', {});
		assert.equal(r.status, 403);
		assert.equal(r.json.error_code, 'FORBIDDEN');
		assert.match(r.json.message, /org/);
	});

	it('read-only key can read but not write; revoked key gets 401', async () => {
		const add = await ctl('POST', '/cbc/keys', { apiId: 'READONLY01', apiSecret: 'ROSECRET', access: 'read-only' });
		assert.equal(add.status, 200);
		const ro = 'ROSECRET/READONLY01';
		const a = (await search({ rows: 1 })).results[0];
		assert.equal((await post(`${V7}/alerts/_search`, { rows: 1 }, ro)).status, 200);
		assert.equal((await get(`${V7}/alerts/${a.id}/notes`, ro)).status, 200);
		for (const [method, path, body] of [
			['POST', `${V7}/alerts/workflow`, { status: 'CLOSED', criteria: { id: [a.id] } }],
			['POST', `${V7}/alerts/${a.id}/notes`, { note: 'x' }],
			['POST', `${V7}/threats/${a.threat_id}/tags`, { tags: ['x'] }],
			['DELETE', `${V7}/threats/${a.threat_id}/tags/x`, undefined],
			['POST', `${V6}/alerts/${a.id}/workflow`, { state: 'DISMISSED' }],
		] as const) {
			const r = await call(method, path, body, ro);
			assert.equal(r.status, 403, `${method} ${path}`);
			assert.equal(r.json.error_code, 'FORBIDDEN');
		}
		const list = (await ctl('GET', '/cbc/keys')).json.keys;
		assert.ok(!JSON.stringify(list).includes('ROSECRET'));
		assert.equal((await ctl('DELETE', '/cbc/keys/READONLY01')).status, 200);
		assert.equal((await post(`${V7}/alerts/_search`, { rows: 1 }, ro)).status, 401);
	});
});

describe('CBC data', () => {
	it('has every v7 type with type-specific fields, nullable tags/determination, ties and threats', async () => {
		const facets = (await post(`${V7}/alerts/_facet`, { time_range: { range: '-5w' }, terms: { fields: ['type'], rows: 20 } })).json;
		const types = facets.results[0].values.map((v: Json) => v.id).sort();
		assert.deepEqual(types, ['CB_ANALYTICS', 'CONTAINER_RUNTIME', 'DEVICE_CONTROL', 'HOST_BASED_FIREWALL', 'INTRUSION_DETECTION_SYSTEM', 'NETWORK_TRAFFIC_ANALYSIS', 'WATCHLIST']);
		const pick = async (type: string) => (await search({ rows: 1, time_range: { range: '-5w' }, criteria: { type: [type] } })).results[0];
		assert.ok((await pick('WATCHLIST')).watchlists.length > 0);
		assert.ok((await pick('WATCHLIST')).report_name);
		assert.ok((await pick('CB_ANALYTICS')).ttps);
		assert.ok((await pick('DEVICE_CONTROL')).vendor_name);
		assert.ok((await pick('CONTAINER_RUNTIME')).k8s_cluster);
		assert.ok((await pick('HOST_BASED_FIREWALL')).rule_name);
		assert.ok((await pick('NETWORK_TRAFFIC_ANALYSIS')).netconn_remote_ip);
		const page = await search({ rows: 2000, time_range: { range: '-5w' } });
		assert.ok(page.results.some((a: Json) => a.tags === null));
		assert.ok(page.results.some((a: Json) => a.determination === null));
		assert.ok(page.results.some((a: Json) => a.alert_notes_present));
		assert.ok(page.results.some((a: Json) => a.workflow.status === 'CLOSED'));
		const stamps = page.results.map((a: Json) => a.backend_timestamp);
		assert.ok(new Set(stamps).size < stamps.length, 'identical backend_timestamp values exist');
		const info = (await ctl('GET', '/cbc/info')).json;
		assert.equal(info.alerts, 3000);
		assert.ok(info.tiedTimestamps > 50);
		assert.ok(Date.parse(info.earliest) < Date.parse(NOW) - 30 * DAY);
		assert.ok(info.threats < info.alerts / 5);
	});

	it('bursts of more than 10,000 alerts in one hour for large sets', async () => {
		const big = await startSandbox({ port: 0, seed: 5, cbcAlerts: 26_000, ctaAlerts: 1, now: NOW });
		try {
			const info = (await (await fetch(`${big.url}/_sandbox/cbc/info`)).json()) as Json;
			assert.ok(info.busiestHour.count > 10_000, JSON.stringify(info.busiestHour));
		} finally {
			await big.close();
		}
	});
});

describe('CBC v7 search', () => {
	it('defaults time_range to -2w and reports num_found/num_available', async () => {
		const now = await clockNow();
		const dflt = await search({ rows: 200 });
		const explicit = await search({ rows: 0, time_range: { range: '-2w' } });
		assert.equal(dflt.num_found, explicit.num_found);
		assert.equal(dflt.num_available, Math.min(dflt.num_found, 10_000));
		assert.ok(dflt.num_found < (await search({ rows: 0, time_range: { range: '-5w' } })).num_found);
		for (const a of dflt.results) assert.ok(Date.parse(a.backend_timestamp) >= now - 14 * DAY - 5000);
	});

	it('start is 1-based, rows 0 counts only, pages are contiguous', async () => {
		const all = await search({ rows: 30, time_range: { range: '-5w' }, sort: [{ field: 'backend_timestamp', order: 'asc' }] });
		const p2 = await search({ start: 11, rows: 10, time_range: { range: '-5w' }, sort: [{ field: 'backend_timestamp', order: 'asc' }] });
		assert.deepEqual(p2.results.map((a: Json) => a.id), all.results.slice(10, 20).map((a: Json) => a.id));
		const zero = await search({ rows: 0 });
		assert.deepEqual(zero.results, []);
		assert.ok(zero.num_found > 0);
		const strings = await search({ start: '1', rows: '1' });
		assert.equal(strings.results.length, 1);
	});

	it('enforces the 10,000 window and valid paging values', async () => {
		const e = await expect400(`${V7}/alerts/_search`, { start: 9_990, rows: 100 }, 'INVALID_PAGINATION');
		assert.match(e.message, /10,?000/);
		await expect400(`${V7}/alerts/_search`, { start: 1, rows: 10_000 }, 'INVALID_PAGINATION');
		await expect400(`${V7}/alerts/_search`, { start: 0, rows: 10 }, 'INVALID_PAGINATION');
		await expect400(`${V7}/alerts/_search`, { rows: -1 }, 'INVALID_PAGINATION');
		assert.equal((await post(`${V7}/alerts/_search`, { start: 9_000, rows: 999 })).status, 200);
	});

	it('sorts by documented fields (order case-insensitive) with ties broken by id', async () => {
		const asc = await search({ rows: 3000, time_range: { range: '-5w' }, sort: [{ field: 'backend_timestamp', order: 'ASC' }] });
		const desc = await search({ rows: 3000, time_range: { range: '-5w' }, sort: [{ field: 'backend_timestamp', order: 'desc' }] });
		const key = (a: Json) => `${a.backend_timestamp}|${a.id}`;
		for (let i = 1; i < asc.results.length; i++) {
			const [p, q] = [asc.results[i - 1], asc.results[i]];
			assert.ok(p.backend_timestamp < q.backend_timestamp || (p.backend_timestamp === q.backend_timestamp && p.id < q.id), `asc order at ${i}`);
			const [r, s] = [desc.results[i - 1], desc.results[i]];
			assert.ok(r.backend_timestamp > s.backend_timestamp || (r.backend_timestamp === s.backend_timestamp && r.id < s.id), `desc order at ${i}`);
		}
		assert.equal(new Set(asc.results.map(key)).size, asc.results.length);
		const sev = await search({ rows: 500, time_range: { range: '-5w' }, sort: [{ field: 'severity', order: 'DESC' }, { field: 'backend_timestamp', order: 'ASC' }] });
		for (let i = 1; i < sev.results.length; i++) assert.ok(sev.results[i - 1].severity >= sev.results[i].severity);
		const bad = await expect400(`${V7}/alerts/_search`, { sort: [{ field: 'severity', order: 'UP' }] }, 'INVALID_ENUM_VALUE');
		assert.deepEqual([bad.field, bad.invalid_value, bad.known_values], ['order', 'UP', ['ASC', 'DESC']]);
		await expect400(`${V7}/alerts/_search`, { sort: [{ field: 'nonsense', order: 'ASC' }] }, 'INVALID_ENUM_VALUE');
	});

	it('a plain time range (index fast paths) pages exactly as the general search does, in both orders', async () => {
		// A query that matches every alert takes the general path (scan, sort, slice).
		const everything = 'NOT id:no-such-alert';
		for (const order of ['ASC', 'DESC']) {
			for (const [start, rows] of [[1, 700], [650, 900], [2990, 50], [1, 0]]) {
				const body = { start, rows, time_range: { range: '-5w' }, sort: [{ field: 'backend_timestamp', order }] };
				const fast = await search(body);
				const general = await search({ ...body, query: everything });
				assert.equal(fast.num_found, general.num_found, `${order} ${start}/${rows} num_found`);
				assert.deepEqual(fast.results.map((a: Json) => a.id), general.results.map((a: Json) => a.id), `${order} ${start}/${rows}`);
			}
		}
	});

	it('criteria, minimum_severity, exclusions and timestamp criteria objects', async () => {
		const r = await search({ rows: 500, time_range: { range: '-5w' }, criteria: { type: ['WATCHLIST', 'CB_ANALYTICS'], minimum_severity: 5, workflow_status: ['OPEN'] }, exclusions: { device_os: ['MAC'] } });
		assert.ok(r.num_found > 0);
		for (const a of r.results) {
			assert.ok(['WATCHLIST', 'CB_ANALYTICS'].includes(a.type));
			assert.ok(a.severity >= 5);
			assert.equal(a.workflow.status, 'OPEN');
			assert.notEqual(a.device_os, 'MAC');
		}
		const now = await clockNow();
		const upd = await search({ rows: 500, time_range: { range: '-5w' }, criteria: { backend_update_timestamp: { start: new Date(now - 3 * DAY).toISOString(), end: new Date(now).toISOString() } } });
		for (const a of upd.results) assert.ok(Date.parse(a.backend_update_timestamp) >= now - 3 * DAY);
		const rel = await search({ rows: 0, time_range: { range: '-5w' }, criteria: { last_event_timestamp: { range: '-1d' } } });
		assert.ok(rel.num_found > 0 && rel.num_found < upd.num_found + 3000);
		const byId = await search({ rows: 5, time_range: { range: '-5w' }, criteria: { id: [r.results[0].id] } });
		assert.equal(byId.num_found, 1);
	});

	it('rejects bad requests with documented error bodies', async () => {
		const e = await expect400(`${V7}/alerts/_search`, { time_range: { range: '-10d' }, minimum_severity: '1' }, 'UNEXPECTED_PROPERTY');
		assert.deepEqual(e, {
			error_code: 'UNEXPECTED_PROPERTY',
			message: 'Malformed JSON input: minimum_severity',
			field: 'minimum_severity',
			known_properties: ['start', 'exclusions', 'query', 'rows', 'time_range', 'sort', 'criteria'],
			property_name: 'minimum_severity',
		});
		await expect400(`${V7}/alerts/_search`, '{"rows": 1,', 'MALFORMED_JSON');
		const en = await expect400(`${V7}/alerts/_search`, { criteria: { type: ['ALERT'] } }, 'INVALID_ENUM_VALUE');
		assert.equal(en.field, 'type');
		assert.ok(en.known_values.includes('WATCHLIST'));
		await expect400(`${V7}/alerts/_search`, { criteria: { workflow_status: ['DISMISSED'] } }, 'INVALID_ENUM_VALUE');
		await expect400(`${V7}/alerts/_search`, { time_range: { range: '-2w', start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z' } }, 'INVALID_TIME_RANGE');
		await expect400(`${V7}/alerts/_search`, { time_range: { range: '2 weeks' } }, 'INVALID_TIME_RANGE');
		await expect400(`${V7}/alerts/_search`, { time_range: { start: '2024-01-01T00:00:00Z' } }, 'INVALID_TIME_RANGE');
		await expect400(`${V7}/alerts/_search`, { criteria: { backend_timestamp: { range: '-1d' } } }, 'INVALID_CRITERIA');
		await expect400(`${V7}/alerts/_search`, { criteria: { device_os: 'WINDOWS' } }, 'INVALID_VALUE');
		await expect400(`${V7}/alerts/_search`, { criteria: { no_such_field: ['x'] } }, 'INVALID_FIELD');
	});

	it('time_range start/end selects an absolute window', async () => {
		const now = await clockNow();
		const start = new Date(now - 20 * DAY).toISOString();
		const end = new Date(now - 19 * DAY).toISOString();
		const r = await search({ rows: 500, time_range: { start, end } });
		assert.ok(r.num_found > 0);
		for (const a of r.results) assert.ok(a.backend_timestamp >= start && a.backend_timestamp <= end);
	});

	it('Lucene query subset', async () => {
		const base = { rows: 3000, time_range: { range: '-5w' } };
		const q = async (query: string) => (await search({ ...base, query })).results as Json[];
		const win = await q('device_os:WINDOWS');
		assert.ok(win.length > 0 && win.every((a) => a.device_os === 'WINDOWS'));
		const notWin = await q('-device_os:WINDOWS');
		assert.equal(win.length + notWin.length, (await search({ ...base, rows: 0 })).num_found);
		assert.equal((await q('NOT device_os:WINDOWS')).length, notWin.length);
		const sevRange = await q('severity:[3 TO 5]');
		assert.ok(sevRange.length > 0 && sevRange.every((a) => a.severity >= 3 && a.severity <= 5));
		const excl = await q('severity:{3 TO 5}');
		assert.ok(excl.every((a) => a.severity === 4));
		const open = await q('severity:[8 TO *]');
		assert.ok(open.every((a) => a.severity >= 8));
		const or = await q('(type:WATCHLIST OR type:DEVICE_CONTROL) AND severity:[5 TO *]');
		assert.ok(or.length > 0 && or.every((a) => ['WATCHLIST', 'DEVICE_CONTROL'].includes(a.type) && a.severity >= 5));
		const grouped = await q('type:(WATCHLIST OR DEVICE_CONTROL)');
		assert.ok(grouped.every((a) => ['WATCHLIST', 'DEVICE_CONTROL'].includes(a.type)));
		const wild = await q('process_name:power*');
		assert.ok(wild.length > 0 && wild.every((a) => /^power/i.test(a.process_name)));
		const single = await q('device_os:WINDOW?');
		assert.equal(single.length, win.length);
		const phrase = await q('reason:"acted as a network server"');
		assert.ok(phrase.length > 0 && phrase.every((a) => a.reason.includes('acted as a network server')));
		const bare = await q('powershell');
		assert.ok(bare.length > 0);
		const ws = await q('workflow_status:CLOSED');
		assert.ok(ws.length > 0 && ws.every((a) => a.workflow.status === 'CLOSED'));
		const ts = win[0].backend_timestamp;
		const exact = await q(`backend_timestamp:"${ts}"`);
		assert.ok(exact.length >= 1 && exact.every((a) => a.backend_timestamp === ts));
		for (const bad of ['(type:WATCHLIST', 'type:', 'type:"open', 'severity:[1 TO', 'AND OR']) {
			const r = await post(`${V7}/alerts/_search`, { query: bad });
			assert.equal(r.status, 400, bad);
			assert.equal(r.json.reason, 'query_malformed_syntax', bad);
		}
		assert.equal((await post(`${V7}/alerts/_search`, { query: 'nosuchfield:1' })).status, 400);
	});

	it('late-arriving alerts become searchable only after visibleAfterMs', async () => {
		const now = await clockNow();
		const ts = new Date(now - 10 * 60_000).toISOString();
		const added = (await ctl('POST', '/cbc/alerts', { alerts: [{ backend_timestamp: ts, visibleAfterMs: 120_000, type: 'WATCHLIST' }] })).json;
		const id = added.ids[0];
		assert.equal((await search({ rows: 5, criteria: { id: [id] } })).num_found, 0);
		assert.equal((await get(`${V7}/alerts/${id}`)).status, 404);
		assert.equal((await ctl('GET', `/cbc/alerts/${id}`)).json.visible, false);
		await advance(121_000);
		const r = await search({ rows: 5, criteria: { id: [id] } });
		assert.equal(r.num_found, 1);
		assert.equal(r.results[0].backend_timestamp, ts);
	});

	it('control: added alerts can share one backend_timestamp; update bumps backend_update_timestamp', async () => {
		const now = await clockNow();
		const ts = new Date(now - 5_000).toISOString();
		const { ids } = (await ctl('POST', '/cbc/alerts', { count: 5, backend_timestamp: ts })).json;
		assert.equal(ids.length, 5);
		const r = await search({ rows: 10, time_range: { start: ts, end: new Date(now).toISOString() }, sort: [{ field: 'backend_timestamp', order: 'ASC' }], criteria: { id: ids } });
		assert.deepEqual(r.results.map((a: Json) => a.id), [...ids].sort());
		const before = (await get(`${V7}/alerts/${ids[0]}`)).json;
		await advance(1000);
		await ctl('POST', '/cbc/alerts/update', { ids: [ids[0]], set: { severity: 10 } });
		const afterUpd = (await get(`${V7}/alerts/${ids[0]}`)).json;
		assert.equal(afterUpd.severity, 10);
		assert.ok(afterUpd.backend_update_timestamp > before.backend_update_timestamp);
		assert.equal(afterUpd.backend_timestamp, before.backend_timestamp);
		assert.equal((await ctl('POST', '/cbc/alerts/update', { ids: ['missing'] })).status, 400);
	});
});

describe('CBC v7 other alert routes', () => {
	let alert: Json;
	before(async () => {
		alert = (await search({ rows: 1, criteria: { type: ['WATCHLIST'] } })).results[0];
	});

	it('GET alert by id and the documented 404', async () => {
		assert.deepEqual((await get(`${V7}/alerts/${alert.id}`)).json, alert);
		const r = await get(`${V7}/alerts/id_does_not_exist_demo`);
		assert.equal(r.status, 404);
		assert.deepEqual(r.json, {
			error_code: 'NOT_FOUND',
			message: 'Failed to look up alert, orgKey: ABCD1234, alert id: id_does_not_exist_demo',
			org_key: 'ABCD1234',
			resource_type: 'Alert',
		});
	});

	it('_validate: valid and invalid searches', async () => {
		const ok = await post(`${V7}/alerts/_validate`, { query: 'type:WATCHLIST', criteria: { minimum_severity: 3 } });
		assert.equal(ok.status, 200);
		assert.equal(ok.json.valid, true);
		assert.match(ok.json.value_search_query, /type:WATCHLIST/);
		await expect400(`${V7}/alerts/_validate`, { time_range: { range: '-10d' }, minimum_severity: '1' }, 'UNEXPECTED_PROPERTY');
		assert.equal((await post(`${V7}/alerts/_validate`, { query: '(' })).json.reason, 'query_malformed_syntax');
	});

	it('search_suggestions', async () => {
		const r = await get(`${V7}/alerts/search_suggestions?query=devi&count=5`);
		assert.equal(r.json.suggestions.length, 5);
		assert.ok(r.json.suggestions.every((s: Json) => s.term.startsWith('devi')));
		assert.equal((await get(`${V7}/alerts/search_suggestions?query=devi`)).json.suggestions.length, 5);
		assert.equal((await get(`${V7}/alerts/search_suggestions`)).status, 400);
	});

	it('facets: lowercase fields, v6 names rejected, filter_values', async () => {
		const body = { time_range: { range: '-5w' }, terms: { fields: ['TYPE', 'threat_id'], rows: 3 }, criteria: { type: ['WATCHLIST'] } };
		const unfiltered = (await post(`${V7}/alerts/_facet`, body)).json;
		assert.deepEqual(unfiltered.results.map((r: Json) => r.field), ['type', 'threat_id']);
		assert.ok(unfiltered.results[0].values.length > 1, 'filter on the faceted term is ignored by default');
		assert.equal(unfiltered.results[1].values.length, 3);
		const v = unfiltered.results[0].values[0];
		assert.deepEqual(Object.keys(v).sort(), ['id', 'name', 'total']);
		const filtered = (await post(`${V7}/alerts/_facet`, { ...body, filter_values: true })).json;
		assert.deepEqual(filtered.results[0].values.map((x: Json) => x.id), ['WATCHLIST']);
		const totalW = (await search({ rows: 0, time_range: { range: '-5w' }, criteria: { type: ['WATCHLIST'] } })).num_found;
		assert.equal(filtered.results[0].values[0].total, totalW);
		for (const f of ['ALERT_TYPE', 'CATEGORY', 'WORKFLOW', 'TAG', 'POLICY_ID']) {
			const e = await expect400(`${V7}/alerts/_facet`, { terms: { fields: [f] } }, 'INVALID_ENUM_VALUE');
			assert.equal(e.invalid_value, f);
		}
		assert.equal((await post(`${V7}/alerts/_facet`, {})).status, 400);
	});

	it('histogram buckets, fields, min_count and errors', async () => {
		const r = (await post(`${V7}/alerts/_histogram`, { bucket_size: '+5DAY', field: 'LAST_EVENT_TIMESTAMP', min_count: 0 })).json;
		assert.ok(r.start && r.end && r.results.length >= 3);
		assert.equal(Date.parse(r.results[1].step_start) - Date.parse(r.results[0].step_start), 5 * DAY);
		const daily = (await post(`${V7}/alerts/_histogram`, { time_range: { range: '-5w' }, bucket_size: '+1DAY' })).json;
		const sum = daily.results.reduce((s: number, b: Json) => s + b.total, 0);
		assert.equal(sum, (await search({ rows: 0, time_range: { range: '-5w' } })).num_found);
		const hourly = (await post(`${V7}/alerts/_histogram`, { bucket_size: '+1HOUR', min_count: 5 })).json;
		assert.ok(hourly.results.every((b: Json) => b.total >= 5));
		await expect400(`${V7}/alerts/_histogram`, { bucket_size: '5 days' }, 'INVALID_VALUE');
		await expect400(`${V7}/alerts/_histogram`, { field: 'SEVERITY' }, 'INVALID_ENUM_VALUE');
		await expect400(`${V7}/alerts/_histogram`, { rows: 1 }, 'UNEXPECTED_PROPERTY');
	});

	it('grouped search, facet and histogram by threat_id', async () => {
		const r = (await post(`${V7}/grouped_alerts/_search`, { group_by: { field: 'THREAT_ID' }, time_range: { range: '-10d' }, criteria: { type: ['WATCHLIST'], minimum_severity: '1' }, rows: 2, sort: [{ field: 'count', order: 'DESC' }] })).json;
		assert.equal(r.results.length, 2);
		assert.ok(r.results[0].count >= r.results[1].count);
		const g = r.results[0];
		for (const k of ['count', 'workflow_states', 'determination_values', 'ml_classification_final_verdicts', 'first_alert_timestamp', 'last_alert_timestamp', 'highest_severity', 'policy_applied', 'threat_notes_present', 'tags', 'device_count', 'workload_count', 'most_recent_alert'])
			assert.ok(k in g, k);
		assert.equal(g.most_recent_alert.type, 'WATCHLIST');
		const total = (await search({ rows: 0, time_range: { range: '-10d' }, criteria: { type: ['WATCHLIST'] } })).num_found;
		assert.equal(r.group_by_total_count, total);
		const sumStates = Object.values(g.workflow_states as Record<string, number>).reduce((a, b) => a + b, 0);
		assert.equal(sumStates, g.count);
		const inGroup = await search({ rows: 1, time_range: { range: '-10d' }, criteria: { type: ['WATCHLIST'], threat_id: [g.most_recent_alert.threat_id] } });
		assert.equal(inGroup.num_found, g.count);
		assert.equal(inGroup.results[0].id, g.most_recent_alert.id);
		await expect400(`${V7}/grouped_alerts/_search`, { group_by: { field: 'device_id' } }, 'INVALID_ENUM_VALUE');
		await expect400(`${V7}/grouped_alerts/_search`, { sort: [{ field: 'severity', order: 'DESC' }] }, 'INVALID_ENUM_VALUE');
		const f = (await post(`${V7}/grouped_alerts/_facet`, { group_by: { field: 'threat_id' }, terms: { fields: ['type', 'THREAT_ID'], rows: 3 } })).json;
		assert.ok(f.results[1].values.every((v: Json) => v.total === 1));
		const h = await post(`${V7}/grouped_alerts/_histogram`, { group_by: { field: 'THREAT_ID' }, bucket_size: '+5DAY', field: 'LAST_EVENT_TIMESTAMP', min_count: 0 });
		assert.equal(h.status, 200);
		assert.ok(h.json.results.length > 0);
	});

	it('alert notes: list, create (201), validation, delete (204), 404s; history', async () => {
		const path = `${V7}/alerts/${alert.id}/notes`;
		const before = (await get(path)).json;
		assert.equal(before.num_found, before.results.length);
		const c = await post(path, { note: 'Triaged by the sandbox test' });
		assert.equal(c.status, 201);
		assert.equal(c.json.note, 'Triaged by the sandbox test');
		assert.equal(c.json.author, 'SANDBOXID01');
		assert.equal(c.json.source, 'CUSTOMER');
		assert.equal(c.json.parent_id, null);
		const list = (await get(path)).json;
		assert.equal(list.num_found, before.num_found + 1);
		assert.equal((await get(`${V7}/alerts/${alert.id}`)).json.alert_notes_present, true);
		assert.equal((await post(path, { note: '' })).status, 400);
		assert.equal((await post(path, { note: 'x'.repeat(20_001) })).status, 400);
		assert.equal((await post(path, { note: 'x'.repeat(20_000) })).status, 201);
		assert.equal((await post(path, { text: 'x' })).json.error_code, 'UNEXPECTED_PROPERTY');
		const hist = (await get(`${V7}/alerts/${alert.id}/history`)).json.history;
		assert.equal(hist[0].workflow.changed_by, 'ALERT_CREATION');
		assert.ok(hist.some((h: Json) => h.type === 'ALERT_NOTE_ADDED' && h.note.id === c.json.id));
		const del = await call('DELETE', `${path}/${c.json.id}`);
		assert.equal(del.status, 204);
		const again = await call('DELETE', `${path}/${c.json.id}`);
		assert.equal(again.status, 404);
		assert.equal(again.json, 'Note not found');
		assert.equal((await get(`${V7}/alerts/nope/notes`)).json.error_code, 'NOT_FOUND');
		assert.equal((await get(`${V7}/alerts/nope/history`)).status, 404);
		assert.equal((await call('PUT', path, {})).status, 405);
	});

	it('threat notes (sorting), history, tags; unknown threat 404', async () => {
		const tid = alert.threat_id;
		const n1 = (await post(`${V7}/threats/${tid}/notes`, { note: 'My first note' })).json;
		await advance(10);
		const n2 = await post(`${V7}/threats/${tid}/notes`, { note: 'A second note to test sorting' });
		assert.equal(n2.status, 201);
		const desc = (await get(`${V7}/threats/${tid}/notes?sort_field=create_timestamp&sort_order=DESC`)).json;
		const ids = desc.results.map((n: Json) => n.id);
		assert.ok(ids.indexOf(n2.json.id) < ids.indexOf(n1.id));
		const asc = (await get(`${V7}/threats/${tid}/notes?sort_field=create_timestamp&sort_order=asc`)).json;
		assert.deepEqual(asc.results.map((n: Json) => n.id), [...ids].reverse());
		assert.equal((await get(`${V7}/threats/${tid}/notes?sort_field=bogus`)).json.error_code, 'INVALID_ENUM_VALUE');
		assert.equal((await get(`${V7}/threats/${tid}/notes?sort_order=sideways`)).json.error_code, 'INVALID_ENUM_VALUE');
		const hist = (await get(`${V7}/threats/${tid}/history`)).json.history;
		assert.ok(hist.some((h: Json) => h.type === 'THREAT_NOTE_ADDED' && h.note.id === n1.id));
		assert.equal((await get(`${V7}/alerts/${alert.id}`)).json.threat_notes_present, true);
		assert.equal((await call('DELETE', `${V7}/threats/${tid}/notes/${n1.id}`)).status, 204);
		assert.equal((await call('DELETE', `${V7}/threats/${tid}/notes/${n1.id}`)).json, 'Note not found');

		const tags = (await post(`${V7}/threats/${tid}/tags`, { tags: ['DemoTag', 'sandbox'] })).json.tags;
		assert.ok(tags.includes('DemoTag') && tags.includes('sandbox'));
		assert.deepEqual((await get(`${V7}/threats/${tid}/tags`)).json.list, tags);
		assert.ok((await get(`${V7}/alerts/${alert.id}`)).json.tags.includes('sandbox'));
		const afterDel = (await call('DELETE', `${V7}/threats/${tid}/tags/sandbox`)).json.tags;
		assert.ok(!afterDel.includes('sandbox'));
		assert.equal((await post(`${V7}/threats/${tid}/tags`, { tags: 'x' })).status, 400);
		const nf = await get(`${V7}/threats/NOPE/tags`);
		assert.equal(nf.status, 404);
		assert.equal(nf.json.error_code, 'NOT_FOUND');
		assert.equal((await get(`${V7}/threats/NOPE/notes`)).status, 404);
		assert.equal((await get(`${V7}/threats/NOPE/history`)).status, 404);
	});
});

describe('CBC workflow and Jobs API', () => {
	it('bulk workflow → job CREATED (after a brief 404) → COMPLETED; alerts updated', async () => {
		const targets = (await search({ rows: 3, criteria: { workflow_status: ['OPEN'], type: ['CB_ANALYTICS'] } })).results;
		const ids = targets.map((a: Json) => a.id);
		const r = await post(`${V7}/alerts/workflow`, { criteria: { id: ids }, determination: 'TRUE_POSITIVE', closure_reason: 'OTHER', status: 'CLOSED', note: 'Closing this alert after triage' });
		assert.equal(r.status, 200);
		assert.match(r.json.request_id, /^\d+$/);
		const jid = r.json.request_id;
		assert.equal((await get(`${JOBS}/${jid}`)).status, 404, 'briefly 404 right after creation');
		await advance(250);
		const j1 = (await get(`${JOBS}/${jid}`)).json;
		assert.equal(j1.id, Number(jid));
		assert.equal(j1.status, 'CREATED');
		assert.equal(j1.type, 'user_workflow_update');
		assert.ok(j1.job_parameters && j1.create_time && j1.last_update_time);
		const p1 = (await get(`${JOBS}/${jid}/progress`)).json;
		assert.equal(p1.num_total, 3);
		assert.ok(p1.num_completed < 3);
		assert.equal(typeof p1.message, 'string');
		assert.equal((await get(`${V7}/alerts/${ids[0]}`)).json.workflow.status, 'OPEN', 'not applied before completion');
		await advance(2500);
		const j2 = (await get(`${JOBS}/${jid}`)).json;
		assert.equal(j2.status, 'COMPLETED');
		assert.deepEqual((await get(`${JOBS}/${jid}/progress`)).json.num_completed, 3);
		for (const t of targets) {
			const a = (await get(`${V7}/alerts/${t.id}`)).json;
			assert.equal(a.workflow.status, 'CLOSED');
			assert.equal(a.workflow.closure_reason, 'OTHER');
			assert.equal(a.workflow.changed_by, 'SANDBOXID01');
			assert.equal(a.determination.value, 'TRUE_POSITIVE');
			assert.ok(a.backend_update_timestamp > t.backend_update_timestamp);
			assert.ok(a.user_update_timestamp);
			assert.equal(a.alert_notes_present, true);
			const notes = (await get(`${V7}/alerts/${t.id}/notes`)).json.results;
			assert.ok(notes.some((n: Json) => n.note === 'Closing this alert after triage'));
			const hist = (await get(`${V7}/alerts/${t.id}/history`)).json.history;
			assert.ok(hist.some((h: Json) => h.type === 'USER_WORKFLOW_UPDATE' && h.workflow.status === 'CLOSED'));
			assert.ok(hist.some((h: Json) => h.type === 'USER_DETERMINATION_UPDATE'));
		}
		const updated = await search({ rows: 10, criteria: { id: ids, workflow_status: ['CLOSED'] } });
		assert.equal(updated.num_found, 3);
	});

	it('control: fail next job, job delay and 404 window', async () => {
		await ctl('POST', '/cbc/jobs', { failNext: 1, delayMs: 100, notFoundMs: 0 });
		const a = (await search({ rows: 1, criteria: { workflow_status: ['OPEN'] } })).results[0];
		const { request_id } = (await post(`${V7}/alerts/workflow`, { criteria: { id: [a.id] }, status: 'IN_PROGRESS' })).json;
		assert.equal((await get(`${JOBS}/${request_id}`)).json.status, 'CREATED');
		await advance(150);
		const j = (await get(`${JOBS}/${request_id}`)).json;
		assert.equal(j.status, 'FAILED');
		assert.match((await get(`${JOBS}/${request_id}/progress`)).json.message, /fail/i);
		assert.equal((await get(`${V7}/alerts/${a.id}`)).json.workflow.status, 'OPEN');
		const ok = (await post(`${V7}/alerts/workflow`, { criteria: { id: [a.id] }, status: 'IN_PROGRESS' })).json;
		await advance(150);
		assert.equal((await get(`${JOBS}/${ok.request_id}`)).json.status, 'COMPLETED');
		assert.equal((await get(`${V7}/alerts/${a.id}`)).json.workflow.status, 'IN_PROGRESS');
		await ctl('POST', '/cbc/jobs', { delayMs: null, notFoundMs: 200 });
		assert.equal((await get(`${JOBS}/999`)).status, 404);
	});

	it('validates the workflow request', async () => {
		await expect400(`${V7}/alerts/workflow`, { status: 'DISMISSED' }, 'INVALID_ENUM_VALUE');
		await expect400(`${V7}/alerts/workflow`, { status: 'CLOSED', closure_reason: 'BECAUSE' }, 'INVALID_ENUM_VALUE');
		await expect400(`${V7}/alerts/workflow`, { determination: 'MAYBE' }, 'INVALID_ENUM_VALUE');
		await expect400(`${V7}/alerts/workflow`, { criteria: { id: ['x'] } }, 'INVALID_REQUEST');
		await expect400(`${V7}/alerts/workflow`, { status: 'CLOSED', state: 'x' }, 'UNEXPECTED_PROPERTY');
	});
});

describe('CBC v6 (legacy)', () => {
	it('search on the generic route and per pathway, zero-based start, v6 field names', async () => {
		const all = await post(`${V6}/alerts/_search`, { rows: 5, criteria: { create_time: { range: '-2w' } } });
		assert.equal(all.status, 200);
		const a = all.json.results[0];
		for (const k of ['id', 'legacy_alert_id', 'create_time', 'last_update_time', 'first_event_time', 'category', 'policy_name', 'target_value', 'workflow'])
			assert.ok(k in a, k);
		assert.ok(['OPEN', 'DISMISSED'].includes(a.workflow.state));
		for (const [pw, type] of [['cbanalytics', 'CB_ANALYTICS'], ['watchlist', 'WATCHLIST'], ['vmware', 'VMWARE']]) {
			const r = await post(`${V6}/alerts/${pw}/_search`, { rows: 20 });
			assert.equal(r.status, 200);
			assert.ok(r.json.results.length > 0, pw);
			assert.ok(r.json.results.every((x: Json) => x.type === type), pw);
		}
		// v6 `start` is zero-based (doc: default 0), unlike v7.
		const s0 = (await post(`${V6}/alerts/_search`, { rows: 3, start: 0 })).json.results.map((x: Json) => x.id);
		const s1 = (await post(`${V6}/alerts/_search`, { rows: 3, start: 1 })).json.results.map((x: Json) => x.id);
		assert.deepEqual(s1.slice(0, 2), s0.slice(1));
		const crit = (await post(`${V6}/alerts/_search`, { rows: 50, criteria: { workflow: ['OPEN'], minimum_severity: 5, category: ['THREAT'] } })).json;
		assert.ok(crit.results.every((x: Json) => x.workflow.state === 'OPEN' && x.severity >= 5));
		const wl = await post(`${V6}/alerts/watchlist/_search`, { rows: 5, criteria: { watchlist_name: ['Demo IOCs'] } });
		assert.equal(wl.status, 200);
		assert.ok(wl.json.results.every((x: Json) => x.watchlists.some((w: Json) => w.name === 'Demo IOCs')));
	});

	it('rejects criteria not allowed on the pathway, bad enums, bad paging', async () => {
		assert.equal((await post(`${V6}/alerts/cbanalytics/_search`, { criteria: { report_id: ['x'] } })).status, 400);
		assert.equal((await post(`${V6}/alerts/watchlist/_search`, { criteria: { group_id: ['x'] } })).status, 400);
		assert.equal((await post(`${V6}/alerts/vmware/_search`, { criteria: { watchlist_id: ['x'] } })).status, 400);
		assert.equal((await post(`${V6}/alerts/_search`, { criteria: { report_name: ['x'] } })).status, 400);
		assert.equal((await post(`${V6}/alerts/watchlist/_search`, { criteria: { report_name: ['x'] } })).status, 200);
		assert.equal((await post(`${V6}/alerts/_search`, { criteria: { workflow: ['CLOSED'] } })).json.error_code, 'INVALID_ENUM_VALUE');
		assert.equal((await post(`${V6}/alerts/_search`, { start: 9_990, rows: 20 })).status, 400);
		assert.equal((await post(`${V6}/alerts/_search`, { sort: [{ field: 'nope', order: 'ASC' }] })).status, 400);
		assert.equal((await post(`${V6}/alerts/_search`, { time_range: {} })).json.error_code, 'UNEXPECTED_PROPERTY');
		assert.equal((await post(`${V6}/alerts/_search`, '{oops')).json.error_code, 'MALFORMED_JSON');
	});

	it('facets with v6 names, on each pathway', async () => {
		const r = (await post(`${V6}/alerts/_facet`, { criteria: { category: ['THREAT', 'MONITORED'] }, terms: { fields: ['ALERT_TYPE'], rows: 50 } })).json;
		assert.equal(r.results[0].field, 'alert_type');
		assert.ok(r.results[0].values.some((v: Json) => v.id === 'VMWARE'));
		for (const pw of ['cbanalytics', 'vmware', 'watchlist']) assert.equal((await post(`${V6}/alerts/${pw}/_facet`, { terms: { fields: ['CATEGORY', 'workflow'] } })).status, 200);
		assert.equal((await post(`${V6}/alerts/_facet`, { terms: { fields: ['threat_id'] } })).status, 400);
		assert.equal((await post(`${V6}/alerts/_facet`, {})).status, 400);
	});

	it('get by id via /orgs/ and /org/; single workflow is immediate', async () => {
		const a = (await search({ rows: 1, criteria: { workflow_status: ['OPEN'] } })).results[0];
		const g1 = await get(`${V6}/alerts/${a.id}`);
		const g2 = await get(`/appservices/v6/org/ABCD1234/alerts/${a.id}`);
		assert.equal(g1.status, 200);
		assert.deepEqual(g1.json, g2.json);
		assert.equal(g1.json.create_time, a.backend_timestamp);
		assert.equal((await get(`${V6}/alerts/nope`)).status, 404);
		const w = await post(`${V6}/alerts/${a.id}/workflow`, { state: 'dismissed', comment: 'benign', remediation_state: 'FIXED' });
		assert.equal(w.status, 200);
		assert.deepEqual([w.json.state, w.json.comment, w.json.remediation], ['DISMISSED', 'benign', 'FIXED']);
		assert.equal((await get(`${V7}/alerts/${a.id}`)).json.workflow.status, 'CLOSED');
		assert.equal((await post(`${V6}/alerts/${a.id}/workflow`, { state: 'CLOSED' })).json.error_code, 'INVALID_ENUM_VALUE');
		assert.equal((await post(`${V6}/alerts/nope/workflow`, { state: 'OPEN' })).status, 404);
	});

	it('bulk _criteria workflow and workflow/status QUEUED → FINISHED', async () => {
		const targets = (await post(`${V6}/alerts/watchlist/_search`, { rows: 2, criteria: { workflow: ['OPEN'] } })).json.results;
		const ids = targets.map((x: Json) => x.id);
		const r = await post(`${V6}/alerts/watchlist/workflow/_criteria`, { state: 'DISMISSED', comment: 'bulk', criteria: { id: ids } });
		assert.equal(r.status, 200);
		assert.match(r.json.request_id, /^[0-9a-f]{32}$/);
		await advance(250);
		const s1 = (await get(`${V6}/workflow/status/${r.json.request_id}`)).json;
		assert.equal(s1.status, 'QUEUED');
		assert.equal(s1.num_hits, 2);
		assert.equal(s1.workflow.state, 'DISMISSED');
		await advance(2500);
		const s2 = (await get(`${V6}/workflow/status/${r.json.request_id}`)).json;
		assert.equal(s2.status, 'FINISHED');
		assert.equal(s2.num_success, 2);
		for (const id of ids) assert.equal((await get(`${V6}/alerts/${id}`)).json.workflow.state, 'DISMISSED');
		assert.equal((await post(`${V6}/alerts/workflow/_criteria`, { state: 'OPEN', criteria: { id: ids } })).status, 200);
		assert.equal((await post(`${V6}/alerts/cbanalytics/workflow/_criteria`, { state: 'OPEN', criteria: { report_id: ['x'] } })).status, 400);
		assert.equal((await get(`${V6}/workflow/status/ffff`)).status, 404);
	});

	it('search_suggestions with suggest.q', async () => {
		const r = (await get(`${V6}/alerts/search_suggestions?suggest.q=device`)).json;
		assert.ok(r.suggestions.length > 0 && r.suggestions.every((s: Json) => s.term.includes('device') && typeof s.weight === 'number'));
		assert.equal((await get(`${V6}/alerts/search_suggestions?suggest.q=`)).json.suggestions.length, 20);
		assert.equal((await get(`${V6}/alerts/search_suggestions`)).status, 400);
	});
});

describe('CBC route labels', () => {
	it('uses path templates per route', async () => {
		await ctl('POST', '/stats/reset');
		const a = (await search({ rows: 1 })).results[0];
		await get(`${V7}/alerts/${a.id}/notes`);
		await get(`${JOBS}/12345/progress`);
		await get(`/appservices/v6/org/ABCD1234/alerts/${a.id}`);
		await post(`${V6}/alerts/cbanalytics/_search`, {});
		const labels = Object.keys((await ctl('GET', '/stats')).json.byRoute).sort();
		assert.deepEqual(labels, [
			'GET /api/alerts/v7/orgs/{org_key}/alerts/{alert_id}/notes',
			'GET /appservices/v6/org/{org_key}/alerts/{id}',
			'GET /jobs/v1/orgs/{org_key}/jobs/{job_id}/progress',
			'POST /api/alerts/v7/orgs/{org_key}/alerts/_search',
			'POST /appservices/v6/orgs/{org_key}/alerts/cbanalytics/_search',
		]);
	});
});
