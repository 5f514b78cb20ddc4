import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { RequestContext } from './http';
import { describeFailure } from './http';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

export interface StatusPoll<T> {
	/** One status request (through the vendor transport), to be answered before `deadline` (epoch ms). */
	fetch: (deadline: number) => Promise<T>;
	/** Upper-case status of a reply. */
	statusOf: (reply: T) => string;
	isDone: (status: string) => boolean;
	isFailed: (status: string) => boolean;
	failure: (reply: T) => Error;
	timeout: (lastStatus: string | undefined) => Error;
	timeoutMs: number;
	/** Consecutive 404/5xx answers tolerated (a new job may 404 briefly). */
	tolerated?: number;
	itemIndex?: number;
}

/**
 * Polls an asynchronous job until it is done: first poll at once, then 0.1 s doubling to 2 s,
 * back to 0.1 s whenever the status changes (not when the first status appears); a failed
 * status and the timeout are errors. The timeout is a total deadline: a request still running
 * when it passes is abandoned, and no wait goes past it.
 */
export async function pollUntilDone<T>(ctx: RequestContext, poll: StatusPoll<T>): Promise<T> {
	const tolerated = poll.tolerated ?? 3;
	const deadline = Date.now() + poll.timeoutMs;
	let delay = FIRST_DELAY_MS;
	let misses = 0;
	let lastStatus: string | undefined;
	for (;;) {
		let reply: T | undefined;
		try {
			reply = await poll.fetch(deadline);
			misses = 0;
		} catch (error) {
			if (Date.now() >= deadline) throw poll.timeout(lastStatus);
			const status =
				describeFailure(error).status ?? Number((error as { httpCode?: string }).httpCode);
			if (!(status === 404 || status >= 500) || ++misses > tolerated) {
				if (error instanceof NodeOperationError) throw new NodeOperationError(ctx.getNode(), error);
				throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex: poll.itemIndex });
			}
		}
		if (reply !== undefined) {
			const status = poll.statusOf(reply);
			if (poll.isDone(status)) return reply;
			if (poll.isFailed(status)) throw poll.failure(reply);
			// A change of status means progress: look again soon. The first status seen (after
			// the brief 404 of a new job) is no change, so the back-off keeps growing.
			if (lastStatus !== undefined && status !== lastStatus) delay = FIRST_DELAY_MS;
			lastStatus = status;
		}
		const left = deadline - Date.now();
		if (left <= 0) throw poll.timeout(lastStatus);
		await sleep(Math.min(delay, left));
		delay = Math.min(delay * 2, MAX_DELAY_MS);
	}
}
