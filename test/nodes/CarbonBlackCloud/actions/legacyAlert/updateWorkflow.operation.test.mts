import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { V6, v6Context, type V6Context } from './v6.mts';

describe('Carbon Black Cloud › Legacy Alert (API v6) › Update Workflow', () => {
	let t: V6Context;
	let ids: string[];
	before(async () => {
		t = await v6Context({ cbcAlerts: 200 });
		const page = await t.api('POST', 'alerts/_search', { rows: 3, criteria: { workflow: ['OPEN'] } });
		ids = page.body.results.map((a: { id: string }) => a.id);
	});
	after(async () => t.sb.close());

	it('dismisses one alert with comment and remediation state', async () => {
		await t.sb.mark();
		const result = await t.run('updateWorkflow', {
			alertId: { __rl: true, mode: 'id', value: ids[0] },
			state: 'DISMISSED',
			updateFields: { comment: 'Approved admin tool', remediationState: 'FIXED' },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.equal(requests.length, 1);
		assert.equal(requests[0].method, 'POST');
		assert.equal(requests[0].path, `${V6}/alerts/${ids[0]}/workflow`);
		assert.deepEqual(requests[0].body, { state: 'DISMISSED', comment: 'Approved admin tool', remediation_state: 'FIXED' });
		assert.equal(result.items.length, 1);
		assert.equal(result.items[0].json.id, ids[0]);
		assert.equal(result.items[0].json.state, 'DISMISSED');
		assert.equal(result.items[0].json.comment, 'Approved admin tool');
		assert.deepEqual(result.items[0].pairedItem, { item: 0 });
		const after = await t.api('GET', `alerts/${ids[0]}`);
		assert.equal(after.body.workflow.state, 'DISMISSED');
		assert.equal(after.body.workflow.remediation, 'FIXED');
	});

	it('reopens alerts per input item, sending only the state when nothing else is set', async () => {
		await t.sb.mark();
		const result = await t.run(
			'updateWorkflow',
			{ alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, state: 'OPEN' },
			ids.slice(0, 2).map((id) => ({ id })),
		);
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.deepEqual(requests.map((r) => r.body), [{ state: 'OPEN' }, { state: 'OPEN' }]);
		assert.deepEqual(result.items.map((i) => [i.pairedItem.item, i.json.state]), [
			[0, 'OPEN'],
			[1, 'OPEN'],
		]);
	});

	it('rejects an unknown state before sending anything, and with continueOnFail goes on', async () => {
		await t.sb.mark();
		const result = await t.run(
			'updateWorkflow',
			{ alertId: { __rl: true, mode: 'id', value: ids[2] }, state: '={{ $json.state }}' },
			[{ state: 'CLOSED' }, { state: 'dismissed' }],
			{ continueOnFail: true },
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), [0, 1]);
		assert.match(result.items[0].json.error, /"State" must be Open or Dismissed, got "CLOSED"/);
		assert.equal(result.items[1].json.state, 'DISMISSED');
		const requests = await t.sb.requestsSinceMark();
		assert.deepEqual(requests.map((r) => r.body), [{ state: 'DISMISSED' }]);
	});

	it('fails the node on an unknown state without continueOnFail', async () => {
		const result = await t.run('updateWorkflow', { alertId: { __rl: true, mode: 'id', value: ids[2] }, state: 'RESOLVED' });
		assert.match(result.error?.message ?? '', /"State" must be Open or Dismissed/);
	});
});
