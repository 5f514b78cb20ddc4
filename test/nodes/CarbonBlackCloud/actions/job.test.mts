import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCall, someAlerts } from '../../../harness/cbc.mts';
import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../harness/engine.mts';
import type { SandboxHandle } from '../../../harness/sandbox.mts';
import { sandbox } from '../../../harness/sandbox.mts';

describe('Carbon Black Cloud › Job', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;
	let alertIds: string[];

	before(async () => {
		sb = await sandbox({ cbcAlerts: 400 });
		credentials = cbcCredentials(helper, sb.url);
		alertIds = (await someAlerts(sb, 5)).map((a) => a.id);
	});
	after(async () => sb.close());

	const submit = async () =>
		String((await cbcCall(sb, 'POST', 'alerts/workflow', { criteria: { id: alertIds }, status: 'IN_PROGRESS', time_range: { range: '-6w' } })).request_id);
	const run = (operation: string, parameters: Record<string, unknown>) =>
		runNode(helper, { type: 'carbonBlackCloud', parameters: { resource: 'job', operation, ...parameters }, credentials });

	it('Wait for Completion polls at once, tolerates the early 404s, and returns the COMPLETED job', async () => {
		// 404 for 0.5 s: the first poll lands in it even on a loaded machine, and the node's three
		// tolerated 404s (polls at 0, 0.1, 0.3 s) end before the 0.7 s poll sees the job
		await sb.control('POST', '/cbc/jobs', { delayMs: 1200, notFoundMs: 500 });
		const jobId = await submit();
		await sb.mark();
		const result = await run('waitForCompletion', { jobId, timeout: 30 });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.status, 'COMPLETED');
		const polls = await sb.requestsSinceMark();
		assert.ok(polls.length >= 2 && polls.length <= 12, `${polls.length} polls`);
		assert.ok(polls.every((p) => p.path === `/jobs/v1/orgs/ABCD1234/jobs/${jobId}`));
		assert.equal(polls[0].status, 404, 'the first poll fell in the 404 window of the new job');
		assert.equal(polls.at(-1)!.status, 200);
	});

	it('Get and Get Progress read the Jobs API', async () => {
		await sb.control('POST', '/cbc/jobs', { delayMs: 0, notFoundMs: 0 });
		const jobId = await submit();
		const job = await run('get', { jobId });
		assert.equal(job.error, undefined, job.error?.message);
		assert.equal(String(job.items[0].json.id), jobId);
		const progress = await run('getProgress', { jobId });
		assert.equal(progress.error, undefined, progress.error?.message);
		assert.equal(progress.items[0].json.job_id, jobId);
		assert.equal(typeof progress.items[0].json.num_total, 'number');
	});

	it('times out with the last status', async () => {
		await sb.control('POST', '/cbc/jobs', { delayMs: 10_000, notFoundMs: 0 });
		const jobId = await submit();
		const result = await run('waitForCompletion', { jobId, timeout: 1 });
		assert.match(result.error?.message ?? '', /did not complete in time/);
		assert.match(result.error?.description ?? '', /Last status: CREATED/);
	});

	it('rejects a job ID that is not a number before any request', async () => {
		await sb.mark();
		const result = await run('get', { jobId: '../jobs/1' });
		assert.match(result.error?.message ?? '', /"Job ID" must be a number/);
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});
});
