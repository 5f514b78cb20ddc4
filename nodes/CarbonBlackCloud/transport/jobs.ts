import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import { describeFailure } from '../../shared/http';
import { cbcApiRequestObject } from './index';

export interface WaitOptions {
	timeoutMs: number;
	itemIndex?: number;
	/** Consecutive 404/5xx answers tolerated (a new job may 404 briefly). */
	tolerated?: number;
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

export async function getJob(
	ctx: RequestContext,
	jobId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	return await cbcApiRequestObject(ctx, {
		method: 'GET',
		api: 'jobsV1',
		path: ['jobs', jobId],
		itemIndex,
	});
}

export async function getJobProgress(
	ctx: RequestContext,
	jobId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	return await cbcApiRequestObject(ctx, {
		method: 'GET',
		api: 'jobsV1',
		path: ['jobs', jobId, 'progress'],
		itemIndex,
	});
}

/**
 * Polls a job until COMPLETED: first poll at once, then 0.1 s doubling to 2 s, back to 0.1 s
 * whenever the status changes; FAILED and the timeout are errors.
 */
export async function waitForJob(
	ctx: RequestContext,
	jobId: string,
	options: WaitOptions,
): Promise<IDataObject> {
	const tolerated = options.tolerated ?? 3;
	const deadline = Date.now() + options.timeoutMs;
	let delay = FIRST_DELAY_MS;
	let misses = 0;
	let lastStatus: unknown;
	for (;;) {
		let job: IDataObject | undefined;
		try {
			job = await getJob(ctx, jobId, options.itemIndex);
			misses = 0;
		} catch (error) {
			const status =
				describeFailure(error).status ?? Number((error as { httpCode?: string }).httpCode);
			if (!(status === 404 || status >= 500) || ++misses > tolerated) {
				throw new NodeApiError(ctx.getNode(), error as JsonObject);
			}
		}
		if (job) {
			const status = String(job.status ?? '').toUpperCase();
			if (status === 'COMPLETED') return job;
			if (status === 'FAILED') {
				throw new NodeOperationError(ctx.getNode(), `Carbon Black Cloud job ${jobId} failed`, {
					itemIndex: options.itemIndex,
					description:
						typeof job.message === 'string'
							? job.message
							: 'The job ended with status FAILED; check it with Job › Get.',
				});
			}
			if (status !== lastStatus) delay = FIRST_DELAY_MS;
			lastStatus = status;
		}
		if (Date.now() + delay > deadline) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Carbon Black Cloud job ${jobId} did not complete in time`,
				{
					itemIndex: options.itemIndex,
					description: `Last status: ${String(lastStatus ?? 'unknown')}. Raise the timeout, or check the job later with Job › Get.`,
				},
			);
		}
		await sleep(delay);
		delay = Math.min(delay * 2, MAX_DELAY_MS);
	}
}
