import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { V6, v6Context, type V6Context } from './v6.mts';

describe('Carbon Black Cloud › Legacy Alert (API v6) › Search', () => {
	let t: V6Context;
	before(async () => {
		t = await v6Context({ cbcAlerts: 2500 });
	});
	after(async () => t.sb.close());

	it('sends one documented search on the All Alerts route and returns Limit alerts paired to the input', async () => {
		await t.sb.mark();
		const result = await t.run('search', {
			limit: 5,
			query: 'device_os:WINDOWS',
			range: '-3w',
			filters: { minimumSeverity: 3, category: ['THREAT', 'MONITORED'], workflowState: ['OPEN'], deviceId: '' },
			sort: { fields: [{ field: 'severity', order: 'DESC' }] },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.equal(requests.length, 1);
		assert.equal(requests[0].method, 'POST');
		assert.equal(requests[0].path, `${V6}/alerts/_search`);
		assert.deepEqual(requests[0].body, {
			query: 'device_os:WINDOWS',
			criteria: {
				create_time: { range: '-3w' },
				minimum_severity: 3,
				category: ['THREAT', 'MONITORED'],
				workflow: ['OPEN'],
			},
			sort: [{ field: 'severity', order: 'DESC' }],
			start: 0,
			rows: 5,
		});
		assert.equal(result.items.length, 5);
		for (const item of result.items) {
			assert.deepEqual(item.pairedItem, { item: 0 });
			assert.equal(item.json.device_os, 'WINDOWS');
			assert.ok(item.json.severity >= 3);
			assert.equal(item.json.workflow.state, 'OPEN');
		}
		const severities = result.items.map((i) => i.json.severity);
		assert.deepEqual(severities, [...severities].sort((a, b) => b - a));
	});

	it('uses the pathway route and sends that pathway’s extra criteria only', async () => {
		await t.sb.mark();
		const result = await t.run('search', {
			pathway: 'cbAnalytics',
			timeRange: 'any',
			limit: 4,
			// runState belongs to CB Analytics; watchlistName is a leftover of another pathway and must be ignored.
			filters: { runState: ['RAN'], deviceLocation: ['ONSITE', 'OFFSITE'], watchlistName: 'ATT&CK' },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await t.sb.requestsSinceMark();
		assert.equal(request.path, `${V6}/alerts/cbanalytics/_search`);
		assert.deepEqual(request.body, {
			criteria: { run_state: ['RAN'], device_location: ['ONSITE', 'OFFSITE'] },
			start: 0,
			rows: 4,
		});
		assert.equal(result.items.length, 4);
		for (const item of result.items) {
			assert.equal(item.json.type, 'CB_ANALYTICS');
			assert.equal(item.json.run_state, 'RAN');
		}
	});

	it('searches the Watchlist pathway with watchlist criteria', async () => {
		const sample = await t.api('POST', 'alerts/watchlist/_search', { rows: 1 });
		const report = sample.body.results[0].report_name;
		await t.sb.mark();
		const result = await t.run('search', { pathway: 'watchlist', timeRange: 'any', limit: 50, filters: { reportName: report } });
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await t.sb.requestsSinceMark();
		assert.equal(request.path, `${V6}/alerts/watchlist/_search`);
		assert.deepEqual(request.body.criteria, { report_name: [report] });
		assert.ok(result.items.length >= 1);
		for (const item of result.items) assert.equal(item.json.report_name, report);
	});

	it('Return All pages with zero-based start/rows until num_found, without duplicates', async () => {
		const count = await t.api('POST', 'alerts/_search', { rows: 0, criteria: { create_time: { range: '-6w' } } });
		assert.ok(count.body.num_found > 1000, 'fixture needs more than one page');
		await t.sb.mark();
		const result = await t.run('search', { returnAll: true, range: '-6w' });
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.deepEqual(
			requests.map((r) => [r.body.start, r.body.rows]),
			Array.from({ length: Math.ceil(count.body.num_found / 1000) }, (_, i) => [i * 1000, 1000]),
		);
		const ids = result.items.map((i) => i.json.id);
		assert.equal(ids.length, count.body.num_found);
		assert.equal(new Set(ids).size, ids.length);
	});

	it('accepts ISO 8601 strings and n8n date values for Between Dates', async () => {
		await t.sb.mark();
		const result = await t.run('search', {
			timeRange: 'absolute',
			startTime: '={{ $now.minus({ days: 10 }) }}',
			endTime: '2030-01-01T00:00:00+02:00',
			limit: 3,
		});
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await t.sb.requestsSinceMark();
		const { start, end } = request.body.criteria.create_time;
		assert.match(start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		assert.ok(Math.abs(Date.parse(start) - (Date.now() - 10 * 86_400_000)) < 60_000);
		assert.equal(end, '2029-12-31T22:00:00.000Z');
		for (const item of result.items) assert.ok(Date.parse(item.json.create_time) >= Date.parse(start));
	});

	it('rejects a malformed relative range before sending anything', async () => {
		await t.sb.mark();
		const result = await t.run('search', { range: '-2 weeks' });
		assert.match(result.error?.message ?? '', /"Range" must be a minus sign, a number and a unit \(such as -2w or -30d\)/);
		assert.equal((await t.sb.requestsSinceMark()).length, 0);
	});

	it('rejects bad Raw Criteria (JSON) before sending anything', async () => {
		await t.sb.mark();
		const result = await t.run('search', { filters: { criteriaJson: '{"device_os": [' } });
		assert.match(result.error?.message ?? '', /"Raw Criteria \(JSON\)" is not valid JSON/);
		assert.equal((await t.sb.requestsSinceMark()).length, 0);
	});

	it('rejects a non-numeric Device ID naming the field', async () => {
		const result = await t.run('search', { filters: { deviceId: '388948, host-7' } });
		assert.match(result.error?.message ?? '', /"Device ID" must list numeric IDs, got "host-7"/);
	});

	it('surfaces the vendor 400 and its error_code for a criterion the pathway does not allow', async () => {
		const result = await t.run('search', {
			pathway: 'cbAnalytics',
			filters: { criteriaJson: '{"watchlist_name": ["ATT&CK"]}' },
		});
		assert.equal(result.error?.httpCode, '400');
		assert.match(result.error?.message ?? '', /Carbon Black Cloud answered 400 — INVALID_CRITERIA/);
		assert.match(result.error?.description ?? '', /field: criteria\.watchlist_name/);
	});

	it('with continueOnFail, turns a failing item into an error item and goes on', async () => {
		const result = await t.run(
			'search',
			{ range: '={{ $json.range }}', limit: 2 },
			[{ range: '-1w' }, { range: 'yesterday' }, { range: '-2d' }],
			{ continueOnFail: true },
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), [0, 0, 1, 2, 2]);
		assert.match(result.items[2].json.error, /"Range" must be a minus sign, a number and a unit/);
		assert.equal(result.items[0].json.error, undefined);
	});
});
