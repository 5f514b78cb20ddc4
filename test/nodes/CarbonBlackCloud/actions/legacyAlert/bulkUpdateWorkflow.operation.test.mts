import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { V6, v6Context, type V6Context } from './v6.mts';

describe('Carbon Black Cloud › Legacy Alert (API v6) › Bulk Update Workflow', () => {
	let t: V6Context;
	before(async () => {
		t = await v6Context();
	});
	afterEach(async () => {
		await t.sb.control('POST', '/cbc/jobs', { delayMs: null, notFoundMs: 200, failNext: 0 });
	});
	after(async () => t.sb.close());

	it('posts state, comment, remediation and selection to the pathway route and returns the request_id', async () => {
		await t.sb.mark();
		const result = await t.run('bulkUpdateWorkflow', {
			pathway: 'watchlist',
			state: 'DISMISSED',
			updateFields: { comment: 'Noisy report', remediationState: 'TUNED' },
			query: 'device_os:LINUX',
			range: '-1w',
			filters: { watchlistName: 'ATT&CK Framework, Known IOCs', minimumSeverity: 2 },
			options: { waitForCompletion: false },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		assert.equal(requests.length, 1);
		assert.equal(requests[0].method, 'POST');
		assert.equal(requests[0].path, `${V6}/alerts/watchlist/workflow/_criteria`);
		assert.deepEqual(requests[0].body, {
			state: 'DISMISSED',
			comment: 'Noisy report',
			remediation_state: 'TUNED',
			query: 'device_os:LINUX',
			criteria: {
				create_time: { range: '-1w' },
				watchlist_name: ['ATT&CK Framework', 'Known IOCs'],
				minimum_severity: 2,
			},
		});
		assert.equal(result.items.length, 1);
		assert.match(result.items[0].json.request_id, /^[0-9a-f]{32}$/);
		assert.deepEqual(result.items[0].pairedItem, { item: 0 });
	});

	it('waits for completion by default, polling workflow/status with back-off, and returns the final status', async () => {
		await t.sb.control('POST', '/cbc/jobs', { delayMs: 700, notFoundMs: 150 });
		const criteria = { create_time: { range: '-2w' }, workflow: ['OPEN'], category: ['MONITORED'] };
		const before = await t.api('POST', 'alerts/cbanalytics/_search', { rows: 0, criteria });
		assert.ok(before.body.num_found > 0, 'fixture needs open CB Analytics alerts');
		await t.sb.mark();
		const result = await t.run('bulkUpdateWorkflow', {
			pathway: 'cbAnalytics',
			state: 'DISMISSED',
			range: '-2w',
			filters: { workflowState: ['OPEN'], category: ['MONITORED'] },
			options: { timeout: 30 },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await t.sb.requestsSinceMark();
		const [post, ...polls] = requests;
		assert.equal(post.path, `${V6}/alerts/cbanalytics/workflow/_criteria`);
		const requestId = result.items[0].json.request_id;
		assert.ok(polls.length >= 2 && polls.length <= 12, `polled ${polls.length} times`);
		for (const poll of polls) {
			assert.equal(poll.method, 'GET');
			assert.equal(poll.path, `${V6}/workflow/status/${requestId}`);
		}
		assert.equal(polls.at(-1).status, 200);
		assert.equal(result.items.length, 1);
		assert.equal(result.items[0].json.status, 'FINISHED');
		assert.equal(result.items[0].json.id, requestId);
		assert.equal(result.items[0].json.num_hits, before.body.num_found);
		assert.equal(result.items[0].json.num_success, before.body.num_found);
		const afterwards = await t.api('POST', 'alerts/cbanalytics/_search', { rows: 0, criteria });
		assert.equal(afterwards.body.num_found, 0);
	});

	it('fails with the request ID when the update ends FAILED', async () => {
		await t.sb.control('POST', '/cbc/jobs', { delayMs: 200, notFoundMs: 0, failNext: 1 });
		const result = await t.run('bulkUpdateWorkflow', {
			state: 'OPEN',
			query: 'device_os:MAC',
		});
		assert.match(result.error?.message ?? '', /workflow request [0-9a-f]{32} failed/);
		assert.match(result.error?.description ?? '', /Simulated backend error/);
	});

	it('gives up after Timeout (Seconds) with the last status', async () => {
		await t.sb.control('POST', '/cbc/jobs', { delayMs: 60_000, notFoundMs: 0 });
		await t.sb.mark();
		const result = await t.run('bulkUpdateWorkflow', {
			state: 'DISMISSED',
			query: 'device_os:MAC',
			options: { waitForCompletion: true, timeout: 1 },
		});
		assert.match(result.error?.message ?? '', /did not finish in time/);
		assert.match(result.error?.description ?? '', /Last status: (QUEUED|IN_PROGRESS)/);
		const polls = (await t.sb.requestsSinceMark()).slice(1);
		assert.ok(polls.length >= 3 && polls.length <= 8, `polled ${polls.length} times`);
	});

	it('refuses a selection that would update every alert, before sending anything', async () => {
		await t.sb.mark();
		const result = await t.run('bulkUpdateWorkflow', { state: 'DISMISSED', timeRange: 'any' });
		assert.match(result.error?.message ?? '', /would change every alert/);
		assert.equal((await t.sb.requestsSinceMark()).length, 0);
	});

	it('surfaces the vendor 400 for a criterion the pathway does not allow', async () => {
		const result = await t.run('bulkUpdateWorkflow', {
			pathway: 'vmware',
			state: 'DISMISSED',
			filters: { criteriaJson: '{"report_id": ["r1"]}' },
		});
		assert.equal(result.error?.httpCode, '400');
		assert.match(result.error?.message ?? '', /INVALID_CRITERIA: Criteria field report_id is not supported on the vmware pathway/);
	});

	it('with continueOnFail, pairs an error item with the failing input and updates the others', async () => {
		await t.sb.mark();
		const result = await t.run(
			'bulkUpdateWorkflow',
			{ state: '={{ $json.state }}', query: 'device_os:MAC', range: '-1d', options: { waitForCompletion: false } },
			[{ state: 'OPEN' }, { state: 'IGNORED' }],
			{ continueOnFail: true },
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), [0, 1]);
		assert.ok(result.items[0].json.request_id);
		assert.match(result.items[1].json.error, /"State" must be Open or Dismissed, got "IGNORED"/);
		assert.equal((await t.sb.requestsSinceMark()).length, 1);
	});
});
