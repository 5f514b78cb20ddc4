import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../harness/dist.mts';

const { pollUntilDone } = fromDist('nodes/shared/poll.js');

const ctx = { getNode: () => ({ name: 'Poll', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }) };

/** A job that answers 404 for 150 ms, then CREATED, then COMPLETED from `doneAfterMs` on. */
function fakeJob(doneAfterMs: number) {
	const started = Date.now();
	const calls: number[] = [];
	const fetch = async () => {
		const t = Date.now() - started;
		calls.push(t);
		if (t < 150) throw Object.assign(new Error('not found'), { httpCode: '404' });
		return { status: t >= doneAfterMs ? 'COMPLETED' : 'CREATED' };
	};
	return { calls, fetch };
}

const poll = (fetch: () => Promise<{ status: string }>) =>
	pollUntilDone(ctx, {
		fetch,
		statusOf: (reply: { status: string }) => reply.status,
		isDone: (status: string) => status === 'COMPLETED',
		isFailed: (status: string) => status === 'FAILED',
		failure: () => new Error('failed'),
		timeout: () => new Error('timeout'),
		timeoutMs: 10_000,
	});

describe('shared › job polling', () => {
	it('keeps backing off when the first status appears after the 404 of a new job', async () => {
		// Polls at about 0, 100, 300 (CREATED), 700, 1500 ms: resetting to 0.1 s at the first
		// status would add polls at 400, 600 and 1000 ms.
		const job = fakeJob(900);
		const reply = await poll(job.fetch);
		assert.equal(reply.status, 'COMPLETED');
		assert.equal(job.calls.length, 5, `polled at ${job.calls.join(', ')} ms`);
	});

	it('looks again soon after a real status change', async () => {
		const started = Date.now();
		const statuses = ['CREATED', 'CREATED', 'CREATED', 'IN_PROGRESS', 'COMPLETED'];
		const calls: number[] = [];
		const reply = await poll(async () => {
			calls.push(Date.now() - started);
			return { status: statuses[calls.length - 1] };
		});
		assert.equal(reply.status, 'COMPLETED');
		// 0, 100, 300, 700 (IN_PROGRESS: back to 0.1 s), 800
		assert.ok(calls[4] - calls[3] < 300, `polled at ${calls.join(', ')} ms`);
	});
});
