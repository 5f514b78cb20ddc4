import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { V6, v6Context, type V6Context } from './v6.mts';

describe('Carbon Black Cloud › Legacy Alert (API v6) › Get Search Suggestions', () => {
	let t: V6Context;
	before(async () => {
		t = await v6Context({ cbcAlerts: 20 });
	});
	after(async () => t.sb.close());

	it('sends suggest.q and returns one item per suggestion', async () => {
		await t.sb.mark();
		const result = await t.run('getSearchSuggestions', { suggestionQuery: 'device' });
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.equal(requests.length, 1);
		assert.equal(requests[0].method, 'GET');
		assert.equal(requests[0].path, `${V6}/alerts/search_suggestions`);
		assert.deepEqual(requests[0].query, { 'suggest.q': 'device' });
		assert.ok(result.items.length >= 3);
		for (const item of result.items) {
			assert.match(item.json.term, /device/);
			assert.equal(typeof item.json.weight, 'number');
			assert.deepEqual(item.pairedItem, { item: 0 });
		}
	});

	it('sends an empty suggest.q to list every key', async () => {
		await t.sb.mark();
		const result = await t.run('getSearchSuggestions', {}, [{}, {}]);
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.deepEqual(requests.map((r) => r.query), [{ 'suggest.q': '' }, { 'suggest.q': '' }]);
		assert.equal(result.items.length, 40);
		assert.deepEqual([...new Set(result.items.map((i) => i.pairedItem.item))], [0, 1]);
	});

	it('surfaces a vendor error with its code, and with continueOnFail goes on', async () => {
		await t.sb.faults([{ match: { path: '/search_suggestions$' }, action: 'status', status: 400, body: { error_code: 'INVALID_VALUE', message: 'bad suggest.q' }, times: 1 }]);
		const result = await t.run('getSearchSuggestions', { suggestionQuery: '={{ $json.q }}' }, [{ q: 'x' }, { q: 'process' }], {
			continueOnFail: true,
		});
		await t.sb.clearFaults();
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].pairedItem.item, 0);
		assert.match(result.items[0].json.error, /answered 400 — INVALID_VALUE: bad suggest\.q/);
		const rest = result.items.slice(1);
		assert.ok(rest.length > 0, 'the second input still produced suggestions');
		assert.ok(rest.every((i) => i.pairedItem.item === 1 && /process/.test(i.json.term)));
	});
});
