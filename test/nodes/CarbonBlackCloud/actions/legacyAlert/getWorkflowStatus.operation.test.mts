import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { V6, v6Context, type V6Context } from './v6.mts';

describe('Carbon Black Cloud › Legacy Alert (API v6) › Get Workflow Status', () => {
	let t: V6Context;
	before(async () => {
		t = await v6Context({ cbcAlerts: 300 });
		await t.sb.control('POST', '/cbc/jobs', { delayMs: 1200, notFoundMs: 100 });
	});
	after(async () => t.sb.close());

	const startUpdate = async () => {
		const response = await t.api('POST', 'alerts/workflow/_criteria', {
			state: 'DISMISSED',
			criteria: { create_time: { range: '-1w' }, minimum_severity: 8 },
		});
		assert.equal(response.status, 200);
		return response.body.request_id as string;
	};

	it('gets the current status once, without waiting', async () => {
		const requestId = await startUpdate();
		await delay(150);
		await t.sb.mark();
		const result = await t.run('getWorkflowStatus', { requestId });
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.equal(requests.length, 1);
		assert.equal(requests[0].method, 'GET');
		assert.equal(requests[0].path, `${V6}/workflow/status/${requestId}`);
		assert.equal(result.items.length, 1);
		assert.equal(result.items[0].json.id, requestId);
		assert.match(result.items[0].json.status, /^(QUEUED|IN_PROGRESS)$/);
		assert.equal(result.items[0].json.workflow.state, 'DISMISSED');
		assert.deepEqual(result.items[0].pairedItem, { item: 0 });
	});

	it('waits until FINISHED, tolerating the brief 404 of a new request', async () => {
		// 404 for 0.5 s: wide enough for the first status read on a loaded machine, narrower than
		// the 0.7 s the node's three tolerated 404s cover (reads at 0, 0.1, 0.3 and 0.7 s)
		await t.sb.control('POST', '/cbc/jobs', { delayMs: 1500, notFoundMs: 500 });
		const requestId = await startUpdate();
		await t.sb.mark();
		const result = await t
			.run('getWorkflowStatus', { requestId, options: { waitForCompletion: true, timeout: 20 } })
			.finally(() => t.sb.control('POST', '/cbc/jobs', { delayMs: 1200, notFoundMs: 100 }));
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.equal(requests[0].status, 404);
		assert.equal(requests.at(-1).status, 200);
		assert.ok(requests.length <= 12, `polled ${requests.length} times`);
		assert.equal(result.items[0].json.status, 'FINISHED');
		assert.equal(result.items[0].json.num_success, result.items[0].json.num_hits);
	});

	it('surfaces an unknown request ID as a 404 with the vendor error_code', async () => {
		await t.sb.mark();
		const result = await t.run('getWorkflowStatus', { requestId: 'ffffffffffffffffffffffffffffffff' });
		assert.equal(result.error?.httpCode, '404');
		assert.match(result.error?.message ?? '', /answered 404 — NOT_FOUND/);
		assert.equal((await t.sb.requestsSinceMark()).length, 1);
	});

	it('when waiting, gives up on an unknown request ID after three tolerated 404s', async () => {
		await t.sb.mark();
		const result = await t.run('getWorkflowStatus', {
			requestId: 'ffffffffffffffffffffffffffffffff',
			options: { waitForCompletion: true },
		});
		assert.equal(result.error?.httpCode, '404');
		assert.equal((await t.sb.requestsSinceMark()).length, 4);
	});

	it('with continueOnFail, pairs an error item with an empty request ID and goes on', async () => {
		const requestId = await startUpdate();
		await delay(150);
		await t.sb.mark();
		const result = await t.run(
			'getWorkflowStatus',
			{ requestId: '={{ $json.id }}' },
			[{ id: '' }, { id: requestId }],
			{ continueOnFail: true },
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), [0, 1]);
		assert.match(result.items[0].json.error, /request ID is empty/);
		assert.equal(result.items[1].json.id, requestId);
		assert.equal((await t.sb.requestsSinceMark()).length, 1);
	});
});
