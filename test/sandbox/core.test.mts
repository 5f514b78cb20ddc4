// Simulator core: health, routing, stats, request log, faults, clock, reset, determinism.
// Run: node --import tsx --test test/sandbox/*.test.mts

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { startSandbox, type RunningSandbox } from '../../sandbox/index.mts';

type Json = Record<string, any>;
const TOKEN = 'SANDBOXSECRET0123456789/SANDBOXID01';
const NOW = '2024-05-01T12:00:00.000Z';
const SEARCH = '/api/alerts/v7/orgs/ABCD1234/alerts/_search';

let sb: RunningSandbox;
const call = async (method: string, path: string, body?: unknown, headers: Json = {}) => {
	const all: Json = { 'x-auth-token': TOKEN, 'content-type': 'application/json', ...headers };
	for (const k of Object.keys(all)) if (all[k] === undefined) delete all[k];
	const res = await fetch(sb.url + path, {
		method,
		headers: all,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	return { status: res.status, headers: res.headers, json, text };
};
const ctl = (method: string, path: string, body?: unknown) => call(method, `/_sandbox${path}`, body, { 'x-auth-token': undefined as unknown as string });

describe('simulator core', () => {
	before(async () => {
		sb = await startSandbox({ port: 0, seed: 42, cbcAlerts: 500, ctaAlerts: 50, now: NOW });
	});
	after(() => sb.close());

	it('listens on 127.0.0.1 and answers health', async () => {
		assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
		assert.equal(sb.port > 0, true);
		assert.deepEqual((await ctl('GET', '/health')).json, { ok: true });
	});

	it('unknown vendor and control routes answer 404 JSON', async () => {
		const r = await call('GET', '/nope/at/all');
		assert.equal(r.status, 404);
		assert.match(r.headers.get('content-type') ?? '', /application\/json/);
		assert.equal(typeof r.json.message, 'string');
		assert.equal((await ctl('GET', '/does-not-exist')).status, 404);
	});

	it('counts requests by route label and status; reset clears', async () => {
		await ctl('POST', '/stats/reset');
		await call('POST', SEARCH, { rows: 1 });
		await call('POST', SEARCH, { rows: 1 }, { 'x-auth-token': 'bad/creds' });
		await call('GET', '/api/alerts/v7/orgs/ABCD1234/alerts/nope');
		const s = (await ctl('GET', '/stats')).json;
		assert.equal(s.total, 3);
		assert.equal(s.byRoute['POST /api/alerts/v7/orgs/{org_key}/alerts/_search'], 2);
		assert.equal(s.byRoute['GET /api/alerts/v7/orgs/{org_key}/alerts/{id}'], 1);
		assert.deepEqual(s.byStatus, { 200: 1, 401: 1, 404: 1 });
		await ctl('POST', '/stats/reset');
		assert.equal((await ctl('GET', '/stats')).json.total, 0);
	});

	it('logs vendor requests without secrets, paged by seq', async () => {
		const { lastSeq } = (await ctl('GET', '/requests?limit=1')).json;
		await call('POST', `${SEARCH}?x=1`, { rows: 2, criteria: { type: ['WATCHLIST'] } });
		await call('POST', '/iroh/oauth2/token', 'grant_type=client_credentials&client_secret=TOPSECRET', {
			'content-type': 'application/x-www-form-urlencoded',
			authorization: 'Basic c2VjcmV0OnNlY3JldA==',
			'x-auth-token': undefined as unknown as string,
		});
		const page = (await ctl('GET', `/requests?since=${lastSeq}`)).json;
		assert.equal(page.requests.length, 2);
		const [a, b] = page.requests;
		assert.equal(a.seq, lastSeq + 1);
		assert.equal(a.method, 'POST');
		assert.equal(a.path, SEARCH);
		assert.deepEqual(a.query, { x: '1' });
		assert.deepEqual(a.body, { rows: 2, criteria: { type: ['WATCHLIST'] } });
		assert.equal(a.status, 200);
		assert.equal(a.route, 'POST /api/alerts/v7/orgs/{org_key}/alerts/_search');
		assert.deepEqual(a.auth, ['x-auth-token']);
		assert.deepEqual(b.auth, ['authorization']);
		const dump = JSON.stringify(page);
		assert.ok(!dump.includes('SANDBOXSECRET'), 'CBC secret must not be logged');
		assert.ok(!dump.includes('TOPSECRET'), 'form secret must be redacted');
		assert.ok(!dump.includes('c2VjcmV0'), 'basic credentials must not be logged');
		const limited = (await ctl('GET', `/requests?since=${lastSeq}&limit=1`)).json;
		assert.equal(limited.requests.length, 1);
	});

	describe('faults', () => {
		it('429 with vendor-shaped default body and Retry-After, then expires (times)', async () => {
			await ctl('POST', '/faults', { rules: [{ match: { path: '/alerts/_search$' }, action: 'status', status: 429, times: 2 }] });
			const r1 = await call('POST', SEARCH, { rows: 0 });
			assert.equal(r1.status, 429);
			assert.equal(r1.headers.get('retry-after'), '1');
			assert.deepEqual(r1.json, { error_code: 'TOO_MANY_REQUESTS', message: 'Rate limit exceeded' });
			assert.equal((await call('POST', SEARCH, { rows: 0 })).status, 429);
			assert.equal((await call('POST', SEARCH, { rows: 0 })).status, 200);
			assert.deepEqual((await ctl('GET', '/faults')).json.rules, []);
		});

		it('429 on a non-CBC route uses the generic body; custom headers/body are honoured', async () => {
			await ctl('POST', '/faults', { rules: [{ match: { method: 'POST', path: '^/iroh/' }, action: 'status', status: 429, times: 1 }] });
			const r = await call('POST', '/iroh/oauth2/token', 'grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded' });
			assert.equal(r.status, 429);
			assert.deepEqual(r.json, { message: 'Too Many Requests' });
			await ctl('POST', '/faults', { rules: [{ match: { vendor: 'cbc' }, action: 'status', status: 429, headers: { 'Retry-After': '7' }, body: { custom: true }, times: 1 }] });
			const c = await call('POST', SEARCH, {});
			assert.equal(c.headers.get('retry-after'), '7');
			assert.deepEqual(c.json, { custom: true });
		});

		it('5xx with a plausible default body; skip lets the first N pass', async () => {
			await ctl('POST', '/faults', { rules: [{ match: { path: '_search' }, action: 'status', status: 503, skip: 1, times: 1 }] });
			assert.equal((await call('POST', SEARCH, { rows: 0 })).status, 200);
			const r = await call('POST', SEARCH, { rows: 0 });
			assert.equal(r.status, 503);
			assert.equal(r.json.message, 'Service Unavailable');
			assert.equal((await call('POST', SEARCH, { rows: 0 })).status, 200);
		});

		it('every N-th matching request', async () => {
			await ctl('POST', '/faults', { rules: [{ match: { path: '_search' }, action: 'status', status: 500, every: 3 }] });
			const statuses = [];
			for (let i = 0; i < 6; i++) statuses.push((await call('POST', SEARCH, { rows: 0 })).status);
			assert.deepEqual(statuses, [200, 200, 500, 200, 200, 500]);
			await ctl('DELETE', '/faults');
			assert.deepEqual((await ctl('GET', '/faults')).json.rules, []);
		});

		it('drop destroys the connection; delay waits; both are logged', async () => {
			const { lastSeq } = (await ctl('GET', '/requests?limit=1')).json;
			await ctl('POST', '/faults', { rules: [{ match: { path: '_search' }, action: 'drop', times: 1 }] });
			await assert.rejects(fetch(sb.url + SEARCH, { method: 'POST', headers: { 'x-auth-token': TOKEN }, body: '{}' }));
			await ctl('POST', '/faults', { rules: [{ match: { path: '_search' }, action: 'delay', delayMs: 300, times: 1 }] });
			const t0 = Date.now();
			assert.equal((await call('POST', SEARCH, { rows: 0 })).status, 200);
			assert.ok(Date.now() - t0 >= 280);
			const log = (await ctl('GET', `/requests?since=${lastSeq}`)).json.requests;
			assert.deepEqual(log.map((e: Json) => [e.fault, e.status]), [['drop', null], ['delay', 200]]);
			assert.equal((await ctl('GET', '/stats')).json.byStatus.dropped >= 1, true);
		});

		it('truncate announces the whole body, sends part of it and closes the connection', async () => {
			await ctl('POST', '/faults', { rules: [{ match: { path: '_search' }, action: 'truncate', times: 1 }] });
			const res = await fetch(sb.url + SEARCH, { method: 'POST', headers: { 'x-auth-token': TOKEN, 'content-type': 'application/json' }, body: '{"rows":5}' });
			assert.equal(res.status, 200);
			await assert.rejects(res.text());
			await ctl('POST', '/faults', { rules: [{ match: { path: '_search' }, action: 'truncate', body: '{"results":[{"id":"abc"}]}', bytes: 12, times: 1 }] });
			await assert.rejects(fetch(sb.url + SEARCH, { method: 'POST', headers: { 'x-auth-token': TOKEN }, body: '{}' }).then((r) => r.text()));
			const { requests } = (await ctl('GET', '/requests?limit=20000')).json;
			assert.deepEqual(requests.slice(-2).map((e: Json) => [e.fault, e.status]), [['truncate', 200], ['truncate', 200]]);
			assert.equal((await ctl('POST', '/faults', { rules: [{ action: 'truncate', bytes: -1 }] })).status, 400);
		});

		it('rejects invalid rules', async () => {
			assert.equal((await ctl('POST', '/faults', { rules: [{ action: 'explode' }] })).status, 400);
			assert.equal((await ctl('POST', '/faults', { rules: [{ action: 'status' }] })).status, 400);
			assert.equal((await ctl('POST', '/faults', { rules: [{ action: 'drop', match: { path: '(' } }] })).status, 400);
		});
	});

	it('clock: get, advance, set offset', async () => {
		const c0 = (await ctl('GET', '/clock')).json;
		assert.ok(Math.abs(c0.nowMs - Date.parse(NOW)) < 60_000);
		const c1 = (await ctl('POST', '/clock', { advanceMs: 3_600_000 })).json;
		assert.ok(c1.nowMs - c0.nowMs >= 3_600_000);
		const c2 = (await ctl('POST', '/clock', { offsetMs: 0 })).json;
		assert.ok(Math.abs(c2.nowMs - Date.now()) < 1000);
		assert.equal((await ctl('POST', '/clock', {})).status, 400);
		await ctl('POST', '/clock', { now: NOW });
	});

	it('reset reseeds deterministically and clears faults, stats and log', async () => {
		const first = (await call('POST', SEARCH, { rows: 5, time_range: { range: '-5w' } })).json;
		await ctl('POST', '/faults', { rules: [{ action: 'status', status: 500 }] });
		assert.equal((await ctl('POST', '/reset', { seed: 43, now: NOW })).status, 200);
		assert.deepEqual((await ctl('GET', '/faults')).json.rules, []);
		assert.equal((await ctl('GET', '/stats')).json.total, 0);
		assert.equal((await ctl('GET', '/requests')).json.requests.length, 0);
		const other = (await call('POST', SEARCH, { rows: 5, time_range: { range: '-5w' } })).json;
		assert.notDeepEqual(other.results.map((a: Json) => a.id), first.results.map((a: Json) => a.id));
		await ctl('POST', '/reset', { seed: 42, now: NOW });
		const again = (await call('POST', SEARCH, { rows: 5, time_range: { range: '-5w' } })).json;
		assert.deepEqual(again.results.map((a: Json) => a.id), first.results.map((a: Json) => a.id));
		assert.equal(again.num_found, first.num_found);
	});

	it('same seed and start time → identical data in another instance', async () => {
		const other = await startSandbox({ port: 0, seed: 42, cbcAlerts: 500, ctaAlerts: 50, now: NOW });
		try {
			const body = JSON.stringify({ rows: 50, time_range: { range: '-5w' }, sort: [{ field: 'backend_timestamp', order: 'ASC' }] });
			const get = async (url: string) =>
				(await (await fetch(url + SEARCH, { method: 'POST', headers: { 'x-auth-token': TOKEN }, body })).json()) as Json;
			await ctl('POST', '/reset', { seed: 42, now: NOW });
			const a = await get(sb.url);
			const b = await get(other.url);
			assert.deepEqual(a.results, b.results);
		} finally {
			await other.close();
		}
	});

	it('CTA module is wired when present', async () => {
		const r = await call('POST', '/iroh/oauth2/token', 'grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded' });
		assert.notEqual(r.status, 404);
	});
});

describe('CLI', () => {
	it('prints a ready line, serves, and exits cleanly on SIGTERM', async () => {
		const main = fileURLToPath(new URL('../../sandbox/main.mts', import.meta.url));
		const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--seed', '7', '--cbc-alerts', '200', '--cta-alerts', '20', '--now', NOW], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const line: string = await new Promise((resolve, reject) => {
			let buf = '';
			child.stdout.on('data', (d) => {
				buf += d;
				if (buf.includes('\n')) resolve(buf.split('\n')[0]);
			});
			child.on('exit', (code) => reject(new Error(`exited ${code}`)));
		});
		const ready = JSON.parse(line);
		assert.equal(ready.ready, true);
		assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
		const info = (await (await fetch(`${ready.url}/_sandbox/cbc/info`)).json()) as Json;
		assert.equal(info.alerts, 200);
		const code = await new Promise((resolve) => {
			child.on('exit', resolve);
			child.kill('SIGTERM');
		});
		assert.equal(code, 0);
	});
});
