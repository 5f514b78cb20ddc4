import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import { pollUntilDone } from '../../shared/poll';
import { cbcApiRequestObject } from './index';

export interface WaitOptions {
	timeoutMs: number;
	itemIndex?: number;
	/** Consecutive 404/5xx answers tolerated (a new job may 404 briefly). */
	tolerated?: number;
}

export async function getJob(
	ctx: RequestContext,
	jobId: string,
	itemIndex?: number,
	deadline?: number,
): Promise<IDataObject> {
	return await cbcApiRequestObject(ctx, {
		method: 'GET',
		api: 'jobsV1',
		path: ['jobs', jobId],
		itemIndex,
		deadline,
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

/** Polls a job until COMPLETED; FAILED and the timeout are errors. */
export async function waitForJob(
	ctx: RequestContext,
	jobId: string,
	options: WaitOptions,
): Promise<IDataObject> {
	return await pollUntilDone(ctx, {
		fetch: async (deadline) => await getJob(ctx, jobId, options.itemIndex, deadline),
		statusOf: (job) => String(job.status ?? '').toUpperCase(),
		isDone: (status) => status === 'COMPLETED',
		isFailed: (status) => status === 'FAILED',
		failure: (job) =>
			new NodeOperationError(ctx.getNode(), `Carbon Black Cloud job ${jobId} failed`, {
				itemIndex: options.itemIndex,
				description:
					typeof job.message === 'string'
						? job.message
						: 'The job ended with status FAILED; check it with Job › Get.',
			}),
		timeout: (lastStatus) =>
			new NodeOperationError(
				ctx.getNode(),
				`Carbon Black Cloud job ${jobId} did not complete in time`,
				{
					itemIndex: options.itemIndex,
					description: `Last status: ${lastStatus ?? 'unknown'}. Raise the timeout, or check the job later with Job › Get.`,
				},
			),
		timeoutMs: options.timeoutMs,
		tolerated: options.tolerated,
		itemIndex: options.itemIndex,
	});
}
