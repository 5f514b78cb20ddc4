// Carbon Black Cloud simulator: Platform Devices API (search, get, device actions) and alert
// observation search jobs, over real HTTP. See sandbox/DEVICES.md.
// Run: node --import tsx --test test/sandbox/devices.test.mts

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { startSandbox, type RunningSandbox } from '../../sandbox/index.mts';
import { CSP_API_TOKEN, CSP_API_TOKEN_PATH } from '../../sandbox/cbc/csp.mts';

type Json = Record<string, any>;
const TOKEN = 'SANDBOXSECRET0123456789/SANDBOXID01';
const NOW = '2024-05-01T12:00:00.000Z';
const ORG = 'ABCD1234';
const V7 = `/api/alerts/v7/orgs/${ORG}`;
const DEV = `/appservices/v6/orgs/${ORG}`;
const OBS = `/api/investigate/v2/orgs/${ORG}/observations/search_jobs`;
const ALERTS = 3000;

let sb: RunningSandbox;

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN, headers: Json = {}) {
	const h: Json = { 'content-type': 'application/json', ...headers };
	if (token !== null) h['X-Auth-Token'] = token;
	const res = await fetch(sb.url + path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
	const text = await res.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	return { status: res.status, json, text, headers: res.headers };
}
const post = (path: string, body?: unknown, token?: string | null) => call('POST', path, body, token);
const get = (path: string, token?: string | null) => call('GET', path, undefined, token);
const ctl = (method: string, path: string, body?: unknown) => call(method, `/_sandbox${path}`, body, null);
const advance = (ms: number) => ctl('POST', '/clock', { advanceMs: ms });

async function devices(body: Json = {}): Promise<Json> {
	const r = await post(`${DEV}/devices/_search`, body);
	assert.equal(r.status, 200, r.text);
	return r.json;
}
async function device(id: number): Promise<Json> {
	const r = await get(`${DEV}/devices/${id}`);
	assert.equal(r.status, 200, r.text);
	return r.json;
}
async function expect400(path: string, body: unknown, code: string, method = 'POST'): Promise<Json> {
	const r = await call(method, path, body);
	assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.text}`);
	assert.equal(r.json.error_code, code, r.text);
	assert.equal(typeof r.json.message, 'string');
	return r.json;
}
const action = (body: unknown, token?: string | null) => post(`${DEV}/device_actions`, body, token);

/** Every alert of the store (-5w covers the whole seeded span). */
async function allAlerts(): Promise<Json[]> {
	const out: Json[] = [];
	for (let start = 1; ; start += 2000) {
		const r = await post(`${V7}/alerts/_search`, { time_range: { range: '-6w' }, start, rows: 2000, sort: [{ field: 'backend_timestamp', order: 'ASC' }] });
		assert.equal(r.status, 200, r.text);
		out.push(...r.json.results);
		if (out.length >= r.json.num_found) return out;
	}
}

async function startJob(body: Json): Promise<string> {
	const r = await post(OBS, body);
	assert.equal(r.status, 200, r.text);
	assert.equal(typeof r.json.job_id, 'string');
	return r.json.job_id;
}
const results = (id: string, qs = '') => get(`${OBS}/${id}/results${qs}`);

before(async () => {
	sb = await startSandbox({ port: 0, seed: 42, cbcAlerts: ALERTS, ctaAlerts: 5, now: NOW });
});
after(() => sb.close());
beforeEach(() => sb.reset());

describe('CBC devices: seeded from the alerts', () => {
	it('every non-zero alert device_id is a device with the same name, OS, policy, IPs and priority', async () => {
		const alerts = await allAlerts();
		assert.equal(alerts.length, ALERTS);
		const byDevice = new Map<number, Json>();
		for (const a of alerts) if (a.device_id) byDevice.set(a.device_id, a);
		// Only CONTAINER_RUNTIME alerts carry device_id 0 (no endpoint).
		assert.ok(alerts.filter((a) => !a.device_id).every((a) => a.type === 'CONTAINER_RUNTIME'));
		const ids = [...byDevice.keys()];
		const found = await devices({ criteria: { id: ids }, rows: 10_000 });
		assert.equal(found.num_found, ids.length);
		const docs = new Map<number, Json>(found.results.map((d: Json) => [d.id, d]));
		for (const [id, a] of byDevice) {
			const d = docs.get(id);
			assert.ok(d, `device ${id} of alert ${a.id}`);
			assert.equal(d.name, a.device_name);
			assert.equal(d.os, a.device_os);
			assert.equal(d.os_version, a.device_os_version);
			assert.equal(d.policy_id, a.device_policy_id);
			assert.equal(d.policy_name, a.device_policy);
			assert.equal(d.target_priority, a.device_target_value);
			assert.equal(d.last_internal_ip_address, a.device_internal_ip);
			assert.equal(d.last_external_ip_address, a.device_external_ip);
			assert.equal(d.last_location, a.device_location);
		}
		// A few by GET as well.
		for (const id of ids.slice(0, 5)) assert.deepEqual(await device(id), docs.get(id));
	});

	it('seeds max(12, ceil(alerts / 40)) devices with device.yaml / mock_devices.py fields', async () => {
		const all = await devices({ rows: 10_000 });
		assert.equal(all.num_found, Math.ceil(ALERTS / 40));
		assert.deepEqual(Object.keys(all).sort(), ['num_found', 'results']);
		const d = all.results[0];
		for (const f of ['id', 'name', 'os', 'os_version', 'status', 'quarantined', 'policy_id', 'policy_name', 'target_priority', 'last_internal_ip_address', 'last_external_ip_address', 'last_contact_time', 'sensor_version', 'deployment_type', 'scan_status', 'sensor_out_of_date', 'registered_time', 'mac_address', 'organization_id'])
			assert.ok(f in d, f);
		assert.equal(typeof d.id, 'number');
		assert.equal(typeof d.quarantined, 'boolean');
		for (const x of all.results) {
			assert.ok(['REGISTERED', 'BYPASS'].includes(x.status), x.status);
			assert.ok(['ENDPOINT', 'WORKLOAD'].includes(x.deployment_type));
			assert.ok(['LOW', 'MEDIUM', 'HIGH', 'MISSION_CRITICAL'].includes(x.target_priority));
			assert.ok(!Number.isNaN(Date.parse(x.last_contact_time)));
		}
		// The control lists the same devices.
		const c = (await ctl('GET', '/cbc/devices')).json;
		assert.equal(c.count, all.num_found);
		assert.equal(c.config.actionDelayMs, 2000);
	});

	it('same seed and clock → identical devices after a reset', async () => {
		const a = await devices({ rows: 100 });
		sb.reset({ seed: 42, now: NOW });
		const b = await devices({ rows: 100 });
		assert.deepEqual(b.results.map((d: Json) => [d.id, d.name, d.mac_address]), a.results.map((d: Json) => [d.id, d.name, d.mac_address]));
	});
});

describe('CBC devices: search', () => {
	it('criteria (os, target_priority, policy_id, status ALL, last_contact_time), exclusions, num_found', async () => {
		const all = (await devices({ rows: 10_000 })).results as Json[];
		const win = await devices({ criteria: { os: ['WINDOWS'] }, rows: 10_000 });
		assert.equal(win.num_found, all.filter((d) => d.os === 'WINDOWS').length);
		assert.ok(win.num_found > 0 && win.results.every((d: Json) => d.os === 'WINDOWS'));
		const hi = await devices({ criteria: { os: ['WINDOWS', 'LINUX'], target_priority: ['HIGH', 'MISSION_CRITICAL'] }, rows: 10_000 });
		assert.equal(hi.num_found, all.filter((d) => ['WINDOWS', 'LINUX'].includes(d.os) && ['HIGH', 'MISSION_CRITICAL'].includes(d.target_priority)).length);
		const pol = all[0].policy_id;
		assert.equal((await devices({ criteria: { policy_id: [pol] }, rows: 0 })).num_found, all.filter((d) => d.policy_id === pol).length);
		assert.equal((await devices({ criteria: { status: ['ALL'] }, rows: 0 })).num_found, all.length);
		assert.equal((await devices({ criteria: { status: ['QUARANTINE'] }, rows: 0 })).num_found, all.filter((d) => d.quarantined).length);
		const ex = await devices({ exclusions: { os: ['WINDOWS'] }, rows: 10_000 });
		assert.equal(ex.num_found, all.length - win.num_found);
		assert.equal((await devices({ criteria: { last_contact_time: { range: '-1d' } }, rows: 0 })).num_found, all.length);
		assert.equal((await devices({ criteria: { last_contact_time: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' } }, rows: 0 })).num_found, 0);
		assert.equal((await devices({ criteria: { deployment_type: ['ENDPOINT', 'WORKLOAD'] }, rows: 0 })).num_found, all.length);
		// The SDK sends an empty query string when it has none.
		assert.equal((await devices({ query: '', criteria: {}, exclusions: {} })).num_found, all.length);
	});

	it('query: field:value, bare terms (hostname, IP, device ID as integrations look devices up), wildcards, boolean', async () => {
		const all = (await devices({ rows: 10_000 })).results as Json[];
		const d = all[7];
		assert.equal((await devices({ query: 'os:LINUX', rows: 0 })).num_found, all.filter((x) => x.os === 'LINUX').length);
		const byIp = await devices({ query: d.last_internal_ip_address.replace(/\./g, '\\.') });
		assert.ok(byIp.results.some((x: Json) => x.id === d.id));
		const byId = await devices({ query: String(d.id) });
		assert.ok(byId.results.some((x: Json) => x.id === d.id));
		const byName = await devices({ query: `name:"${d.name.replace(/\\/g, '\\\\')}"` });
		assert.deepEqual(byName.results.map((x: Json) => x.id), [d.id]);
		const wild = await devices({ query: 'os:WIN*', rows: 0 });
		assert.equal(wild.num_found, all.filter((x) => x.os === 'WINDOWS').length);
		const not = await devices({ query: 'os:WINDOWS AND NOT target_priority:LOW', rows: 0 });
		assert.equal(not.num_found, all.filter((x) => x.os === 'WINDOWS' && x.target_priority !== 'LOW').length);
		await expect400(`${DEV}/devices/_search`, { query: 'nosuchfield:1' }, 'INVALID_QUERY');
		await expect400(`${DEV}/devices/_search`, { query: 'os:(WINDOWS' }, 'INVALID_QUERY');
	});

	it('sort by any field (ASC/DESC, target_priority by rank), ties by id; default order id ascending', async () => {
		const def = (await devices({ rows: 10_000 })).results.map((d: Json) => d.id);
		assert.deepEqual(def, [...def].sort((a: number, b: number) => a - b));
		const byName = (await devices({ rows: 10_000, sort: [{ field: 'name', order: 'ASC' }] })).results.map((d: Json) => d.name.toLowerCase());
		assert.deepEqual(byName, [...byName].sort());
		const desc = (await devices({ rows: 10_000, sort: [{ field: 'name', order: 'desc' }] })).results.map((d: Json) => d.name.toLowerCase());
		assert.deepEqual(desc, [...byName].reverse());
		const rank: Json = { LOW: 1, MEDIUM: 2, HIGH: 3, MISSION_CRITICAL: 4 };
		const prio = (await devices({ rows: 10_000, sort: [{ field: 'target_priority', order: 'DESC' }] })).results as Json[];
		for (let i = 1; i < prio.length; i++) {
			const a = rank[prio[i - 1].target_priority];
			const b = rank[prio[i].target_priority];
			assert.ok(a > b || (a === b && prio[i - 1].id < prio[i].id));
		}
		await expect400(`${DEV}/devices/_search`, { sort: [{ field: 'nope' }] }, 'INVALID_ENUM_VALUE');
		await expect400(`${DEV}/devices/_search`, { sort: [{ field: 'name', order: 'UP' }] }, 'INVALID_ENUM_VALUE');
	});

	it('paging: 1-based start, default 20 rows, rows 0 counts only, contiguous pages; 10,000-row limit', async () => {
		const all = (await devices({ rows: 10_000 })).results.map((d: Json) => d.id);
		assert.equal((await devices({})).results.length, 20);
		const zero = await devices({ rows: 0 });
		assert.equal(zero.results.length, 0);
		assert.equal(zero.num_found, all.length);
		const pages: number[] = [];
		for (let start = 1; start <= all.length; start += 7) pages.push(...(await devices({ start, rows: 7 })).results.map((d: Json) => d.id));
		assert.deepEqual(pages, all);
		assert.deepEqual((await devices({ start: all.length + 1, rows: 5 })).results, []);
		const big = await expect400(`${DEV}/devices/_search`, { rows: 10_001 }, 'INVALID_PAGINATION');
		assert.match(big.message, /10000/);
		await expect400(`${DEV}/devices/_search`, { start: 9_000, rows: 2_000 }, 'INVALID_PAGINATION');
		assert.equal((await post(`${DEV}/devices/_search`, { start: 1, rows: 10_000 })).status, 200);
		await expect400(`${DEV}/devices/_search`, { start: 0 }, 'INVALID_PAGINATION');
		await expect400(`${DEV}/devices/_search`, { rows: -1 }, 'INVALID_PAGINATION');
		await expect400(`${DEV}/devices/_search`, { rows: 'many' }, 'INVALID_VALUE');
	});

	it('rejects unknown properties, unknown criteria fields, bad enums and malformed JSON with CBC error bodies', async () => {
		await expect400(`${DEV}/devices/_search`, { rowz: 1 }, 'UNEXPECTED_PROPERTY');
		await expect400(`${DEV}/devices/_search`, { criteria: { nosuch: ['x'] } }, 'INVALID_FIELD');
		await expect400(`${DEV}/devices/_search`, { criteria: { os: ['WINDOZE'] } }, 'INVALID_ENUM_VALUE');
		await expect400(`${DEV}/devices/_search`, { criteria: { status: ['ONLINE'] } }, 'INVALID_ENUM_VALUE');
		await expect400(`${DEV}/devices/_search`, { criteria: { os: 'WINDOWS' } }, 'INVALID_VALUE');
		await expect400(`${DEV}/devices/_search`, { criteria: { last_contact_time: { range: 'yesterday' } } }, 'INVALID_TIME_RANGE');
		await expect400(`${DEV}/devices/_search`, '{"rows": ', 'MALFORMED_JSON');
	});
});

describe('CBC devices: get', () => {
	it('GET devices/{id}: the device; unknown ID 404; non-numeric ID 400 (CBC error bodies)', async () => {
		const d = (await devices({ rows: 1 })).results[0];
		assert.deepEqual(await device(d.id), d);
		const nf = await get(`${DEV}/devices/999`);
		assert.equal(nf.status, 404);
		assert.equal(nf.json.error_code, 'NOT_FOUND');
		assert.equal(nf.json.resource_type, 'Device');
		const bad = await get(`${DEV}/devices/abc`);
		assert.equal(bad.status, 400);
		assert.equal(bad.json.error_code, 'INVALID_VALUE');
		assert.equal((await call('DELETE', `${DEV}/devices/${d.id}`)).status, 405);
	});
});

describe('CBC device actions', () => {
	it('QUARANTINE / BYPASS / BACKGROUND_SCAN: 204 No Content, the device changes only after the delay', async () => {
		await ctl('POST', '/cbc/devices/config', { actionDelayMs: 60_000 });
		const [a, b] = (await devices({ criteria: { status: ['REGISTERED'] }, rows: 10_000 })).results.filter((d: Json) => !d.quarantined);
		const r = await action({ action_type: 'QUARANTINE', device_id: [a.id, b.id], options: { toggle: 'ON' } });
		assert.equal(r.status, 204);
		assert.equal(r.text, '');
		assert.equal((await device(a.id)).quarantined, false, 'not yet');
		await advance(59_000);
		assert.equal((await device(b.id)).quarantined, false, 'still not');
		await advance(1_000);
		assert.equal((await device(a.id)).quarantined, true);
		assert.equal((await device(b.id)).quarantined, true);
		// The search sees it too.
		assert.ok((await devices({ criteria: { id: [a.id], status: ['QUARANTINE'] } })).num_found === 1);

		assert.equal((await action({ action_type: 'QUARANTINE', device_id: [a.id], options: { toggle: 'OFF' } })).status, 204);
		assert.equal((await action({ action_type: 'BYPASS', device_id: [a.id], options: { toggle: 'ON' } })).status, 204);
		assert.equal((await action({ action_type: 'BACKGROUND_SCAN', device_id: [a.id], options: { toggle: 'ON' } })).status, 204);
		await advance(60_000);
		let d = await device(a.id);
		assert.equal(d.quarantined, false);
		assert.equal(d.status, 'BYPASS');
		assert.equal(d.scan_status, 'IN_PROGRESS');
		assert.ok(d.scan_last_action_time);
		assert.equal((await action({ action_type: 'BYPASS', device_id: [a.id], options: { toggle: 'OFF' } })).status, 204);
		assert.equal((await action({ action_type: 'BACKGROUND_SCAN', device_id: [a.id], options: { toggle: 'OFF' } })).status, 204);
		await advance(60_000);
		d = await device(a.id);
		assert.equal(d.status, 'REGISTERED');
		assert.equal(d.scan_status, 'STOPPED');
		assert.equal((await device(b.id)).quarantined, true, 'b untouched by a’s actions');
	});

	it('default delay is 2 s (cbcDeviceActionDelayMs overrides it; 0 applies at once)', async () => {
		const id = (await devices({ criteria: { status: ['REGISTERED'] }, rows: 100 })).results.find((d: Json) => !d.quarantined).id;
		assert.equal((await action({ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON' } })).status, 204);
		const rec = (await ctl('GET', '/cbc/device_actions')).json.actions[0];
		assert.equal(Date.parse(rec.apply_at) - Date.parse(rec.received_at), 2000);
		await advance(2_000);
		assert.equal((await device(id)).quarantined, true);
		sb.reset({ cbcDeviceActionDelayMs: 0 });
		assert.equal((await action({ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON' } })).status, 204);
		assert.equal((await device(id)).quarantined, true);
		sb.reset({ cbcDeviceActionDelayMs: 2000 });
	});

	it('records every action: requests and device IDs per action type; unknown IDs accepted (204) and listed', async () => {
		const ids = (await devices({ rows: 3 })).results.map((d: Json) => d.id);
		assert.equal((await action({ action_type: 'QUARANTINE', device_id: ids, options: { toggle: 'ON' } })).status, 204);
		assert.equal((await action({ action_type: 'QUARANTINE', device_id: [String(ids[0]), 424242], options: { toggle: 'OFF' } })).status, 204);
		assert.equal((await action({ action_type: 'BYPASS', device_id: [ids[1]], options: { toggle: 'ON' } })).status, 204);
		const log = (await ctl('GET', '/cbc/device_actions')).json;
		assert.equal(log.actions.length, 3);
		assert.equal(log.summary.QUARANTINE.requests, 2);
		assert.deepEqual(log.summary.QUARANTINE.device_ids, [...ids, ids[0]]);
		assert.deepEqual(log.summary.QUARANTINE.unknown_ids, [424242]);
		assert.deepEqual(log.summary.QUARANTINE.by_toggle, { ON: 1, OFF: 1 });
		assert.equal(log.summary.BYPASS.requests, 1);
		assert.equal(log.actions[1].principal, 'SANDBOXID01');
		assert.deepEqual(log.actions[1].requested_ids, [ids[0], 424242]);
		const only = (await ctl('GET', '/cbc/device_actions?action_type=BYPASS')).json;
		assert.equal(only.actions.length, 1);
		assert.equal((await ctl('POST', '/cbc/device_actions/apply')).json.applied, 3);
		assert.equal((await device(ids[1])).status, 'BYPASS');
		assert.equal((await ctl('DELETE', '/cbc/device_actions')).json.cleared, 3);
		assert.equal((await ctl('GET', '/cbc/device_actions')).json.actions.length, 0);
	});

	it('search form: the action applies to the devices a device search finds', async () => {
		const linux = (await devices({ criteria: { os: ['LINUX'] }, rows: 10_000 })).results.map((d: Json) => d.id);
		assert.equal((await action({ action_type: 'BACKGROUND_SCAN', search: { criteria: { os: ['LINUX'] }, query: '' }, options: { toggle: 'ON' } })).status, 204);
		const rec = (await ctl('GET', '/cbc/device_actions')).json.actions[0];
		assert.deepEqual(rec.device_ids, linux);
		assert.equal(rec.requested_ids, null);
		await advance(2_000);
		for (const id of linux) assert.equal((await device(id)).scan_status, 'IN_PROGRESS');
	});

	it('UPDATE_POLICY and UPDATE_SENSOR_VERSION options', async () => {
		const d = (await devices({ criteria: { os: ['WINDOWS'] }, rows: 1 })).results[0];
		assert.equal((await action({ action_type: 'UPDATE_POLICY', device_id: [d.id], options: { policy_id: 71021 } })).status, 204);
		assert.equal((await action({ action_type: 'UPDATE_SENSOR_VERSION', device_id: [d.id], options: { sensor_version: { WINDOWS: '4.1.0.100' } } })).status, 204);
		await advance(2_000);
		const after = await device(d.id);
		assert.equal(after.policy_id, 71021);
		assert.equal(after.policy_name, 'Servers-Prod');
		assert.equal(after.sensor_version, '4.1.0.100');
		const path = `${DEV}/device_actions`;
		await expect400(path, { action_type: 'UPDATE_POLICY', device_id: [d.id], options: {} }, 'INVALID_VALUE');
		await expect400(path, { action_type: 'UPDATE_POLICY', device_id: [d.id], options: { policy_id: 1 } }, 'INVALID_VALUE');
		await expect400(path, { action_type: 'UPDATE_SENSOR_VERSION', device_id: [d.id], options: { sensor_version: { BEOS: '1' } } }, 'INVALID_ENUM_VALUE');
	});

	it('validates the body: 400 with a CBC error body, nothing recorded', async () => {
		const id = (await devices({ rows: 1 })).results[0].id;
		const path = `${DEV}/device_actions`;
		const bad: [unknown, string][] = [
			[{ action_type: 'REBOOT', device_id: [id], options: { toggle: 'ON' } }, 'INVALID_ENUM_VALUE'],
			[{ device_id: [id], options: { toggle: 'ON' } }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: [], options: { toggle: 'ON' } }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: ['abc'], options: { toggle: 'ON' } }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: [1.5], options: { toggle: 'ON' } }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: id, options: { toggle: 'ON' } }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', options: { toggle: 'ON' } }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: [id], search: { query: '' }, options: { toggle: 'ON' } }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: [id] }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: [id], options: {} }, 'INVALID_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'on' } }, 'INVALID_ENUM_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: [id], options: { toggle: true } }, 'INVALID_ENUM_VALUE'],
			[{ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON', force: true } }, 'UNEXPECTED_PROPERTY'],
			[{ action_type: 'QUARANTINE', device_ids: [id], options: { toggle: 'ON' } }, 'UNEXPECTED_PROPERTY'],
			[{ action_type: 'QUARANTINE', search: { criteria: { os: ['WINDOWS'] }, limit: 1 }, options: { toggle: 'ON' } }, 'UNEXPECTED_PROPERTY'],
			['{"action_type": "QUARANTINE"', 'MALFORMED_JSON'],
		];
		for (const [body, code] of bad) await expect400(path, body, code);
		assert.equal((await action(undefined)).status, 400);
		assert.equal((await ctl('GET', '/cbc/device_actions')).json.actions.length, 0);
	});
});

describe('CBC observation search jobs', () => {
	/** Alerts (with observations) that belong together: enough for several pages. */
	async function alertsWithObservations(min: number): Promise<{ ids: string[]; total: number; alerts: Json[] }> {
		const alerts = (await post(`${V7}/alerts/_search`, { rows: 400, time_range: { range: '-5w' } })).json.results as Json[];
		const ids: string[] = [];
		const picked: Json[] = [];
		let total = 0;
		for (const a of alerts) {
			const n = (await ctl('GET', `/cbc/observations/alerts/${a.id}`)).json.observations.length;
			if (n === 0) continue;
			ids.push(a.id);
			picked.push(a);
			total += n;
			if (total >= min) break;
		}
		return { ids, total, alerts: picked };
	}

	it('lifecycle: job_id → incomplete (contacted > completed, partial) → complete; results are the alert’s, on its device', async () => {
		assert.equal((await ctl('GET', '/cbc/observations/config')).json.config.jobDelayMs, 1000);
		await ctl('POST', '/cbc/observations/config', { jobDelayMs: 60_000 });
		const { ids, total, alerts } = await alertsWithObservations(25);
		const id = await startJob({ criteria: { alert_id: ids }, rows: 10_000, fields: ['*'] });
		assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		const early = (await results(id, '?start=0&rows=100')).json;
		assert.ok(early.contacted > 0);
		assert.ok(early.completed < early.contacted);
		assert.equal(early.results.length, early.num_available);
		assert.ok(early.num_available < total);
		await advance(30_000);
		const mid = (await results(id, '?start=0&rows=100')).json;
		assert.ok(mid.completed < mid.contacted && mid.completed >= early.completed);
		await advance(30_000);
		const done = (await results(id, '?start=0&rows=100')).json;
		assert.equal(done.completed, done.contacted);
		assert.equal(done.num_found, total);
		assert.equal(done.num_available, total);
		for (const k of ['num_found', 'num_available', 'contacted', 'completed', 'results']) assert.ok(k in done, k);
		const byId = new Map(alerts.map((a) => [a.id, a]));
		for (const o of done.results) {
			for (const f of ['observation_id', 'observation_type', 'alert_id', 'device_id', 'device_name', 'process_name', 'process_hash', 'process_cmdline', 'event_description', 'backend_timestamp', 'device_timestamp'])
				assert.ok(f in o, f);
			assert.equal(o.alert_id.length, 1);
			const a = byId.get(o.alert_id[0]);
			assert.ok(a, 'an observation of a requested alert');
			assert.equal(o.device_id, a.device_id);
			assert.equal(o.device_name, a.device_name);
			assert.ok(o.observation_id.endsWith(`:${a.id}`));
			assert.ok(Array.isArray(o.process_hash) && o.process_hash.length === 2);
			assert.ok(o.device_timestamp >= a.first_event_timestamp && o.device_timestamp <= a.detection_timestamp);
			if (o.event_type[0] === 'netconn') {
				assert.equal(typeof o.netconn_remote_ipv4, 'string');
				assert.equal(typeof o.netconn_remote_port, 'number');
				assert.equal(o.event_network_remote_ipv4, o.netconn_remote_ipv4);
			}
		}
		const sorted = done.results.map((o: Json) => o.device_timestamp);
		assert.deepEqual(sorted, [...sorted].sort());
	});

	it('the default 1 s job delay (cbcObservationJobDelayMs overrides it)', async () => {
		const { ids } = await alertsWithObservations(1);
		const id = await startJob({ criteria: { alert_id: ids } });
		await advance(1_000);
		const r = (await results(id)).json;
		assert.equal(r.completed, r.contacted);
		sb.reset({ cbcObservationJobDelayMs: 0 });
		const id2 = await startJob({ criteria: { alert_id: ids } });
		const r2 = (await results(id2)).json;
		assert.equal(r2.completed, r2.contacted);
		sb.reset({ cbcObservationJobDelayMs: 1000 });
	});

	it('results paging: 0-based start, 10 rows without rows, contiguous pages; rows > 10,000 → 400', async () => {
		await ctl('POST', '/cbc/observations/config', { jobDelayMs: 0 });
		const { ids, total } = await alertsWithObservations(23);
		const id = await startJob({ criteria: { alert_id: ids }, rows: 10_000 });
		const all = (await results(id, '?start=0&rows=10000')).json;
		assert.equal(all.results.length, total);
		const dflt = (await results(id)).json;
		assert.equal(dflt.results.length, 10);
		assert.equal(dflt.num_found, total);
		assert.deepEqual(dflt.results, all.results.slice(0, 10));
		const pages: Json[] = [];
		for (let start = 0; start < total; start += 4) pages.push(...(await results(id, `?start=${start}&rows=4`)).json.results);
		assert.deepEqual(pages, all.results);
		assert.deepEqual((await results(id, `?start=${total}&rows=5`)).json.results, []);
		assert.equal((await results(id, '?rows=10001')).status, 400);
		assert.equal((await results(id, '?rows=10001')).json.error_code, 'INVALID_PAGINATION');
		assert.equal((await results(id, '?start=-1')).status, 400);
		assert.equal((await results(id, '?rows=ten')).status, 400);
		// The job holds at most its own `rows`.
		const small = await startJob({ criteria: { alert_id: ids }, rows: 5 });
		const s = (await results(small, '?rows=100')).json;
		assert.equal(s.num_found, total);
		assert.equal(s.num_available, 5);
		assert.equal(s.results.length, 5);
	});

	it('fields: observation.yaml’s set by default, everything with ["*"], default + named otherwise', async () => {
		await ctl('POST', '/cbc/observations/config', { jobDelayMs: 0 });
		const { ids } = await alertsWithObservations(1);
		const plain = (await results(await startJob({ criteria: { alert_id: ids } }))).json.results[0];
		assert.ok('process_hash' in plain && 'observation_id' in plain);
		assert.ok(!('process_cmdline' in plain));
		const star = (await results(await startJob({ criteria: { alert_id: ids }, fields: ['*'] }))).json.results[0];
		assert.ok('process_cmdline' in star && 'device_os' in star);
		const named = (await results(await startJob({ criteria: { alert_id: ids }, fields: ['process_cmdline'] }))).json.results[0];
		assert.ok('process_cmdline' in named && !('device_os' in named) && 'process_name' in named);
	});

	it('deterministic per alert; some alerts have none (and CONTAINER_RUNTIME alerts never do)', async () => {
		sb.reset({ seed: 42, now: NOW });
		const alerts = (await post(`${V7}/alerts/_search`, { rows: 300, time_range: { range: '-5w' } })).json.results as Json[];
		const counts: number[] = [];
		for (const a of alerts) {
			const list = (await ctl('GET', `/cbc/observations/alerts/${a.id}`)).json.observations as Json[];
			counts.push(list.length);
			if (a.type === 'CONTAINER_RUNTIME') assert.equal(list.length, 0);
			assert.ok(list.length <= 6);
		}
		assert.ok(counts.some((n) => n === 0));
		assert.ok(counts.some((n) => n > 1));
		const first = (await ctl('GET', `/cbc/observations/alerts/${alerts[0].id}`)).json;
		sb.reset({ seed: 42, now: NOW });
		assert.deepEqual((await ctl('GET', `/cbc/observations/alerts/${alerts[0].id}`)).json, first);
	});

	it('criteria, query, time_range window and unknown alert IDs', async () => {
		await ctl('POST', '/cbc/observations/config', { jobDelayMs: 0 });
		const { ids, total } = await alertsWithObservations(10);
		const none = (await results(await startJob({ criteria: { alert_id: ['no-such-alert'] } }))).json;
		assert.equal(none.num_found, 0);
		assert.equal(none.completed, none.contacted);
		const net = (await results(await startJob({ criteria: { alert_id: ids, event_type: ['netconn'] }, rows: 1000 }), '?rows=1000')).json;
		assert.ok(net.results.every((o: Json) => o.event_type[0] === 'netconn'));
		const q = (await results(await startJob({ criteria: { alert_id: ids }, query: 'event_type:netconn', rows: 1000 }), '?rows=1000')).json;
		assert.equal(q.num_found, net.num_found);
		const ex = (await results(await startJob({ criteria: { alert_id: ids }, exclusions: { event_type: ['netconn'] } }))).json;
		assert.equal(ex.num_found, total - net.num_found);
		const win = (await results(await startJob({ criteria: { alert_id: ids }, time_range: { window: '-10y' } }))).json;
		assert.equal(win.num_found, total);
		const old = (await results(await startJob({ criteria: { alert_id: ids }, time_range: { start: '2000-01-01T00:00:00Z', end: '2000-01-02T00:00:00Z' } }))).json;
		assert.equal(old.num_found, 0);
	});

	it('rejects bad job requests; unknown or removed job → 404', async () => {
		await expect400(OBS, {}, 'INVALID_VALUE');
		await expect400(OBS, { criteria: { alert_id: ['x'] }, rows: 10_001 }, 'INVALID_PAGINATION');
		await expect400(OBS, { criteria: { alert_id: ['x'] }, rowz: 1 }, 'UNEXPECTED_PROPERTY');
		await expect400(OBS, { criteria: { nosuch: ['x'] } }, 'INVALID_FIELD');
		await expect400(OBS, { criteria: { alert_id: 'x' } }, 'INVALID_VALUE');
		await expect400(OBS, { criteria: { observation_type: ['NOPE'] } }, 'INVALID_ENUM_VALUE');
		await expect400(OBS, { query: 'process_name:(' }, 'INVALID_QUERY');
		await expect400(OBS, { criteria: { alert_id: ['x'] }, time_range: { window: '2 weeks' } }, 'INVALID_TIME_RANGE');
		await expect400(OBS, { criteria: { alert_id: ['x'] }, fields: 'all' }, 'INVALID_VALUE');
		await expect400(OBS, '{"criteria":', 'MALFORMED_JSON');
		const nf = await results('00000000-0000-4000-8000-000000000000');
		assert.equal(nf.status, 404);
		assert.equal(nf.json.error_code, 'NOT_FOUND');
		const id = await startJob({ criteria: { alert_id: ['x'] } });
		assert.equal((await results(id)).status, 200);
		assert.equal((await ctl('GET', '/cbc/observations/jobs')).json.jobs.length, 1);
		assert.equal((await ctl('DELETE', `/cbc/observations/jobs/${id}`)).status, 200);
		assert.equal((await results(id)).status, 404);
		// Jobs do not survive a reset.
		const id2 = await startJob({ criteria: { alert_id: ['x'] } });
		sb.reset();
		assert.equal((await results(id2)).status, 404);
	});
});

describe('CBC devices and observations: permissions, CSP, v6 gone, faults, labels', () => {
	it('403 with the FORBIDDEN body when the key lacks the route’s (or the action type’s) permission', async () => {
		const add = await ctl('POST', '/cbc/keys', { apiId: 'DEVRO', apiSecret: 'DEVROSECRET', access: 'read-only' });
		assert.equal(add.status, 200, add.text);
		const ro = 'DEVROSECRET/DEVRO';
		const id = (await devices({ rows: 1 })).results[0].id;
		assert.equal((await post(`${DEV}/devices/_search`, {}, ro)).status, 200);
		assert.equal((await get(`${DEV}/devices/${id}`, ro)).status, 200);
		const job = await post(OBS, { criteria: { alert_id: ['x'] } }, ro);
		assert.equal(job.status, 200);
		assert.equal((await get(`${OBS}/${job.json.job_id}/results`, ro)).status, 200);
		for (const type of ['QUARANTINE', 'BYPASS', 'BACKGROUND_SCAN']) {
			const r = await action({ action_type: type, device_id: [id], options: { toggle: 'ON' } }, ro);
			assert.equal(r.status, 403, type);
			assert.equal(r.json.error_code, 'FORBIDDEN');
		}
		const perms: [string, string][] = [
			['QUARANTINE', 'device.quarantine EXECUTE'],
			['BYPASS', 'device.bypass EXECUTE'],
			['BACKGROUND_SCAN', 'device.bg-scan EXECUTE'],
		];
		// A key with only quarantine may quarantine but not bypass or scan.
		await ctl('POST', '/cbc/keys', { apiId: 'QONLY', apiSecret: 'QSECRET', permissions: ['device:READ', 'device.quarantine:EXECUTE'] });
		const q = 'QSECRET/QONLY';
		for (const [type, perm] of perms) {
			const r = await action({ action_type: type, device_id: [id], options: { toggle: 'ON' } }, q);
			if (type === 'QUARANTINE') assert.equal(r.status, 204);
			else {
				assert.equal(r.status, 403, type);
				assert.equal(r.json.message, `Access denied: API key lacks permission ${perm}`);
			}
		}
		// Alert-only key: no device or search access.
		await ctl('POST', '/cbc/keys', { apiId: 'ALERTS', apiSecret: 'ASECRET', permissions: ['org.alerts:READ'] });
		const al = 'ASECRET/ALERTS';
		const s = await post(`${DEV}/devices/_search`, {}, al);
		assert.equal(s.status, 403);
		assert.deepEqual(s.json, { error_code: 'FORBIDDEN', message: 'Access denied: API key lacks permission device READ' });
		assert.equal((await get(`${DEV}/devices/${id}`, al)).status, 403);
		assert.equal((await post(OBS, { criteria: { alert_id: ['x'] } }, al)).json.message, 'Access denied: API key lacks permission org.search.events CREATE');
		assert.equal((await get(`${OBS}/whatever/results`, al)).json.message, 'Access denied: API key lacks permission org.search.events READ');
		// 401 without credentials, 403 for another org.
		assert.equal((await post(`${DEV}/devices/_search`, {}, null)).status, 401);
		assert.equal((await action({ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON' } }, null)).status, 401);
		assert.equal((await post(`/appservices/v6/orgs/OTHER999/devices/_search`, {})).status, 403);
	});

	it('CSP Bearer access tokens work on the device and observation routes', async () => {
		const t = await fetch(sb.url + CSP_API_TOKEN_PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ api_token: CSP_API_TOKEN }).toString() });
		assert.equal(t.status, 200);
		const bearer = { authorization: `Bearer ${((await t.json()) as Json).access_token}` };
		const s = await call('POST', `${DEV}/devices/_search`, { rows: 1 }, null, bearer);
		assert.equal(s.status, 200, s.text);
		const id = s.json.results[0].id;
		assert.equal((await call('GET', `${DEV}/devices/${id}`, undefined, null, bearer)).status, 200);
		assert.equal((await call('POST', `${DEV}/device_actions`, { action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON' } }, null, bearer)).status, 204);
		const job = await call('POST', OBS, { criteria: { alert_id: ['x'] } }, null, bearer);
		assert.equal(job.status, 200);
		assert.equal((await call('GET', `${OBS}/${job.json.job_id}/results`, undefined, null, bearer)).status, 200);
		assert.equal((await call('POST', `${DEV}/devices/_search`, {}, null, { authorization: 'Bearer nope' })).status, 401);
	});

	it('the Alerts v6 "gone" switch leaves the Platform Devices API (also appservices/v6) up', async () => {
		sb.reset({ cbcV6Gone: true });
		assert.equal((await post(`${DEV}/alerts/_search`, {})).status, 410);
		const id = (await devices({ rows: 1 })).results[0].id;
		assert.equal((await get(`${DEV}/devices/${id}`)).status, 200);
		assert.equal((await action({ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON' } })).status, 204);
		assert.equal((await ctl('POST', '/cbc/v6-gone', { gone: false })).json.v6Gone, false);
		assert.equal((await post(`${DEV}/alerts/_search`, {})).status, 200);
		sb.reset({ cbcV6Gone: false });
	});

	it('faults apply to the new routes like to every route', async () => {
		const id = (await devices({ rows: 1 })).results[0].id;
		await ctl('POST', '/faults', { match: { path: '/device_actions$' }, action: 'status', status: 503, times: 1 });
		const r = await action({ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON' } });
		assert.equal(r.status, 503);
		assert.equal(r.json.error_code, 'INTERNAL_SERVER_ERROR');
		assert.equal((await ctl('GET', '/cbc/device_actions')).json.actions.length, 0, 'a faulted request does not reach the API');
		assert.equal((await action({ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON' } })).status, 204);
		await ctl('POST', '/faults', { match: { method: 'GET', path: '/observations/search_jobs/[^/]+/results$' }, action: 'status', status: 429, times: 1 });
		const job = await startJob({ criteria: { alert_id: ['x'] } });
		const limited = await results(job);
		assert.equal(limited.status, 429);
		assert.equal(limited.headers.get('retry-after'), '1');
		assert.equal((await results(job)).status, 200);
		await ctl('POST', '/faults', { match: { path: '/devices/_search$' }, action: 'drop', times: 1 });
		await assert.rejects(post(`${DEV}/devices/_search`, {}));
		assert.equal((await post(`${DEV}/devices/_search`, {})).status, 200);
	});

	it('stats count the routes under stable path-template labels', async () => {
		const id = (await devices({ rows: 1 })).results[0].id;
		await ctl('POST', '/stats/reset');
		await post(`${DEV}/devices/_search`, { rows: 1 });
		await get(`${DEV}/devices/${id}`);
		await get(`${DEV}/devices/${id + 1}`);
		await action({ action_type: 'QUARANTINE', device_id: [id], options: { toggle: 'ON' } });
		const job = await startJob({ criteria: { alert_id: ['x'] } });
		await results(job);
		await results('nope');
		const stats = (await ctl('GET', '/stats')).json;
		assert.deepEqual(stats.byRoute, {
			'POST /appservices/v6/orgs/{org_key}/devices/_search': 1,
			'GET /appservices/v6/orgs/{org_key}/devices/{device_id}': 2,
			'POST /appservices/v6/orgs/{org_key}/device_actions': 1,
			'POST /api/investigate/v2/orgs/{org_key}/observations/search_jobs': 1,
			'GET /api/investigate/v2/orgs/{org_key}/observations/search_jobs/{job_id}/results': 2,
		});
		const log = (await ctl('GET', '/requests')).json.requests as Json[];
		assert.ok(log.some((e) => e.route === 'POST /appservices/v6/orgs/{org_key}/device_actions' && e.status === 204 && e.vendor === 'cbc'));
	});
});
