import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { V6, v6Context, type V6Context } from './v6.mts';

describe('Carbon Black Cloud › Legacy Alert (API v6) › Get', () => {
	let t: V6Context;
	let ids: string[];
	before(async () => {
		t = await v6Context({ cbcAlerts: 200 });
		const page = await t.api('POST', 'alerts/_search', { rows: 2 });
		ids = page.body.results.map((a: { id: string }) => a.id);
	});
	after(async () => t.sb.close());

	it('gets one alert by ID from the v6 route', async () => {
		await t.sb.mark();
		const result = await t.run('get', { alertId: { __rl: true, mode: 'id', value: ids[0] } });
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.equal(requests.length, 1);
		assert.equal(requests[0].method, 'GET');
		assert.equal(requests[0].path, `${V6}/alerts/${ids[0]}`);
		assert.equal(result.items.length, 1);
		assert.equal(result.items[0].json.id, ids[0]);
		assert.ok(typeof result.items[0].json.legacy_alert_id === 'string');
		assert.deepEqual(result.items[0].pairedItem, { item: 0 });
	});

	it('gets one alert per input item by console URL, paired in order', async () => {
		const result = await t.run(
			'get',
			{
				alertId: {
					__rl: true,
					mode: 'url',
					value: '={{ "https://defense.conferdeploy.net/alerts?s[c][query_string]=id:" + $json.id }}',
				},
			},
			ids.map((id) => ({ id })),
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), ids);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), [0, 1]);
	});

	it('surfaces a 404 with the vendor error_code', async () => {
		const result = await t.run('get', { alertId: { __rl: true, mode: 'id', value: 'no-such-alert' } });
		assert.equal(result.error?.httpCode, '404');
		assert.match(result.error?.message ?? '', /Carbon Black Cloud answered 404 — NOT_FOUND/);
	});

	it('with continueOnFail, turns a missing alert into an error item and goes on', async () => {
		const result = await t.run(
			'get',
			{ alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			[{ id: 'missing' }, { id: ids[1] }],
			{ continueOnFail: true },
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), [0, 1]);
		// n8n-core keeps only `error` in the json of an error item; the error itself rides along.
		assert.match(result.items[0].json.error, /answered 404 — NOT_FOUND/);
		assert.equal(result.items[0].error?.name, 'NodeApiError');
		assert.equal(result.items[1].json.id, ids[1]);
	});
});
