import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../../harness/engine.mts';
import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';

describe('Carbon Black Cloud › Alert › Search', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 3000 });
		credentials = cbcCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const search = (parameters: Record<string, unknown>, input?: Record<string, unknown>[]) =>
		runNode(helper, { type: 'carbonBlackCloud', parameters: { resource: 'alert', operation: 'search', ...parameters }, credentials }, input);

	it('sends one search with the documented body and returns Limit alerts paired to the input', async () => {
		await sb.mark();
		const result = await search({
			limit: 7,
			query: 'device_os:WINDOWS',
			range: '-3w',
			filters: { minimumSeverity: 3, type: ['WATCHLIST', 'CB_ANALYTICS'], workflowStatus: ['OPEN'] },
			sort: { fields: [{ field: 'severity', order: 'DESC' }] },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await sb.requestsSinceMark();
		assert.equal(requests.length, 1);
		const [request] = requests;
		assert.equal(request.method, 'POST');
		assert.equal(request.path, '/api/alerts/v7/orgs/ABCD1234/alerts/_search');
		assert.deepEqual(request.body, {
			query: 'device_os:WINDOWS',
			time_range: { range: '-3w' },
			criteria: { minimum_severity: 3, type: ['WATCHLIST', 'CB_ANALYTICS'], workflow_status: ['OPEN'] },
			sort: [{ field: 'severity', order: 'DESC' }],
			start: 1,
			rows: 7,
		});
		assert.deepEqual(request.auth, ['x-auth-token']);
		assert.equal(result.items.length, 7);
		for (const item of result.items) {
			assert.deepEqual(item.pairedItem, { item: 0 });
			assert.equal(item.json.device_os, 'WINDOWS');
			assert.ok(item.json.severity >= 3);
		}
		const severities = result.items.map((i) => i.json.severity);
		assert.deepEqual(severities, [...severities].sort((a, b) => b - a));
	});

	it('runs one search per input item, each paired with its item', async () => {
		const result = await search({ limit: 2, query: '={{ "device_os:" + $json.os }}' }, [{ os: 'WINDOWS' }, { os: 'LINUX' }]);
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 4);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), [0, 0, 1, 1]);
		assert.deepEqual(result.items.map((i) => i.json.device_os), ['WINDOWS', 'WINDOWS', 'LINUX', 'LINUX']);
	});

	it('returns all alerts of a range between dates, newest first, without duplicates', async () => {
		const end = new Date().toISOString();
		const start = new Date(Date.now() - 6 * 7 * 86_400_000).toISOString();
		const count = await fetch(`${sb.url}/api/alerts/v7/orgs/ABCD1234/alerts/_search`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-auth-token': 'SANDBOXSECRET0123456789/SANDBOXID01' },
			body: JSON.stringify({ time_range: { start, end }, rows: 0 }),
		}).then((r) => r.json());
		await sb.mark();
		const result = await search({ returnAll: true, timeRange: 'absolute', startTime: start, endTime: end });
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await sb.requestsSinceMark();
		assert.deepEqual(
			requests.map((r) => [r.body.start, r.body.rows]),
			[[1, 9998]],
			'a slice of up to 9,998 alerts is one request (the largest page the API allows)',
		);
		const ids = result.items.map((i) => i.json.id);
		assert.equal(new Set(ids).size, ids.length);
		assert.equal(ids.length, count.num_found);
		const times = result.items.map((i) => Date.parse(i.json.backend_timestamp));
		assert.deepEqual(times, [...times].sort((a, b) => b - a));
		assert.deepEqual(requests[0].body.sort, [{ field: 'backend_timestamp', order: 'DESC' }]);
	});

	it('version 1.1 offers the common ranges, or a custom one, and checks it', async () => {
		const v11 = (parameters: Record<string, unknown>) =>
			runNode(helper, { type: 'carbonBlackCloud', typeVersion: 1.1, parameters: { resource: 'alert', operation: 'search', limit: 1, ...parameters }, credentials });
		await sb.mark();
		for (const parameters of [{}, { rangePreset: '-1d' }, { rangePreset: 'custom', range: '-3d' }]) {
			const result = await v11(parameters);
			assert.equal(result.error, undefined, result.error?.message);
		}
		assert.deepEqual((await sb.requestsSinceMark()).map((r) => r.body.time_range), [{ range: '-2w' }, { range: '-1d' }, { range: '-3d' }]);
		const bad = await v11({ rangePreset: 'custom', range: 'two weeks' });
		assert.match(bad.error?.message ?? '', /^"Custom Range" must be a minus sign, a number and a unit/);
		const odd = await v11({ rangePreset: '={{ "-5y" }}' });
		assert.match(odd.error?.message ?? '', /"-5y" is not one of the offered ranges/);
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});

	it('rejects a malformed relative range before sending anything', async () => {
		await sb.mark();
		const result = await search({ range: 'two weeks' });
		assert.match(result.error?.message ?? '', /"Range" must be a minus sign, a number and a unit/);
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});

	it('rejects invalid raw criteria JSON before sending anything', async () => {
		await sb.mark();
		const result = await search({ filters: { criteriaJson: '{"device_os": [' } });
		assert.match(result.error?.message ?? '', /Raw Criteria \(JSON\)" is not valid JSON/);
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});

	it('rejects an inverted date range', async () => {
		const result = await search({ timeRange: 'absolute', startTime: '2024-05-02T00:00:00Z', endTime: '2024-05-01T00:00:00Z' });
		assert.match(result.error?.message ?? '', /"Start" must be before "End"/);
	});

	it('surfaces the vendor error_code and message of a 400', async () => {
		const result = await search({ query: 'device_name:(unclosed' });
		assert.equal(result.error?.httpCode, '400');
		assert.match(result.error?.message ?? '', /Carbon Black Cloud answered 400/);
		assert.match(result.error?.message ?? '', /query_malformed_syntax|MALFORMED|INVALID/i);
	});

	it('waits out a 429 with Retry-After and then succeeds', async () => {
		await sb.faults([{ match: { path: '/alerts/_search$' }, action: 'status', status: 429, headers: { 'Retry-After': '1' }, times: 2 }]);
		await sb.mark();
		const result = await search({ limit: 3 });
		await sb.clearFaults();
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 3);
		const requests = await sb.requestsSinceMark();
		assert.deepEqual(requests.map((r) => r.status), [429, 429, 200]);
	});

	it('retries a dropped connection and a 503', async () => {
		await sb.faults([
			{ match: { path: '/alerts/_search$' }, action: 'drop', times: 1 },
			{ match: { path: '/alerts/_search$' }, action: 'status', status: 503, headers: { 'Retry-After': '0' }, skip: 1, times: 1 },
		]);
		const result = await search({ limit: 2 });
		await sb.clearFaults();
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 2);
	});
});
