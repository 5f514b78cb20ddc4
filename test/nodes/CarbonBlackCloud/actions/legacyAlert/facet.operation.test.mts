import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { V6, v6Context, type V6Context } from './v6.mts';

describe('Carbon Black Cloud › Legacy Alert (API v6) › Facet', () => {
	let t: V6Context;
	before(async () => {
		t = await v6Context();
	});
	after(async () => t.sb.close());

	it('sends terms.fields and rows with the criteria and returns one item per field value', async () => {
		await t.sb.mark();
		const result = await t.run('facet', {
			facetFields: ['ALERT_TYPE', 'WORKFLOW'],
			facetRows: 10,
			range: '-4w',
			filters: { category: ['THREAT'] },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.equal(requests.length, 1);
		assert.equal(requests[0].method, 'POST');
		assert.equal(requests[0].path, `${V6}/alerts/_facet`);
		assert.deepEqual(requests[0].body, {
			criteria: { create_time: { range: '-4w' }, category: ['THREAT'] },
			terms: { fields: ['ALERT_TYPE', 'WORKFLOW'], rows: 10 },
		});
		const fields = [...new Set(result.items.map((i) => i.json.field))];
		assert.deepEqual(fields, ['alert_type', 'workflow']);
		for (const item of result.items) {
			assert.deepEqual(item.pairedItem, { item: 0 });
			assert.equal(typeof item.json.id, 'string');
			assert.equal(typeof item.json.total, 'number');
		}
		assert.deepEqual(
			result.items.filter((i) => i.json.field === 'workflow').map((i) => i.json.id).sort(),
			['DISMISSED', 'OPEN'],
		);
		const search = await t.api('POST', 'alerts/_search', {
			rows: 0,
			criteria: { create_time: { range: '-4w' }, category: ['THREAT'] },
		});
		const total = result.items
			.filter((i) => i.json.field === 'alert_type')
			.reduce((n: number, i) => n + i.json.total, 0);
		assert.equal(total, search.body.num_found);
	});

	it('counts on the VMware pathway with its group_id criterion', async () => {
		await t.sb.mark();
		const result = await t.run('facet', {
			pathway: 'vmware',
			facetFields: ['ALERT_TYPE'],
			timeRange: 'any',
			filters: { groupId: 'no-such-group' },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await t.sb.requestsSinceMark();
		assert.equal(request.path, `${V6}/alerts/vmware/_facet`);
		assert.deepEqual(request.body.criteria, { group_id: ['no-such-group'] });
		const vmware = result.items.find((i) => i.json.id === 'VMWARE');
		assert.equal(vmware?.json.total, 0);
	});

	it('surfaces the vendor 400 for a criterion the facet route does not allow', async () => {
		const result = await t.run('facet', {
			facetFields: ['CATEGORY'],
			filters: { criteriaJson: { run_state: ['RAN'] } },
		});
		assert.equal(result.error?.httpCode, '400');
		assert.match(result.error?.message ?? '', /INVALID_CRITERIA/);
	});

	it('with continueOnFail, pairs an error item with the failing input only', async () => {
		const result = await t.run(
			'facet',
			{ facetFields: ['CATEGORY'], timeRange: 'any', filters: { criteriaJson: '={{ $json.criteria }}' } },
			[{ criteria: '{}' }, { criteria: '[1, 2]' }],
			{ continueOnFail: true },
		);
		assert.equal(result.error, undefined, result.error?.message);
		const last = result.items.at(-1)!;
		const first = result.items.slice(0, -1);
		assert.ok(first.length > 0, 'the first input still produced facet values');
		assert.ok(first.every((i) => i.pairedItem.item === 0 && i.json.field === 'category'));
		assert.equal(last.pairedItem.item, 1);
		assert.match(last.json.error, /"Raw Criteria \(JSON\)" must be a JSON object/);
	});
});
