import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { append } from '../../shared/batch';
import type { RequestContext } from '../../shared/http';
import { expectList } from '../../shared/http';
import { pollUntilDone } from '../../shared/poll';
import { cbcApiRequestObject } from './index';

/** An observation search job returns at most 10,000 results (the CBC SDK's limit for rows). */
export const OBSERVATION_JOB_ROWS = 10_000;
const RESULTS_PAGE = 1_000;

/**
 * Observations of these alerts: starts a search job, waits (bounded, back-off as for jobs) until
 * every searcher completed, then pages the results. Answers the results and how many the job
 * found (more than it returns when it holds over 10,000).
 */
export async function searchObservations(
	ctx: RequestContext,
	alertIds: string[],
	options: { rows: number; timeoutMs: number; itemIndex?: number },
): Promise<{ results: IDataObject[]; found: number }> {
	const rows = Math.min(options.rows, OBSERVATION_JOB_ROWS);
	const started = await cbcApiRequestObject(ctx, {
		method: 'POST',
		api: 'investigateV2',
		path: ['observations', 'search_jobs'],
		body: { criteria: { alert_id: alertIds }, rows, fields: ['*'] },
		itemIndex: options.itemIndex,
	});
	const jobId = started.job_id;
	if (typeof jobId !== 'string' || !jobId) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Carbon Black Cloud started no observation search (no job_id)',
			{
				itemIndex: options.itemIndex,
			},
		);
	}
	const page = (start: number, count: number, deadline?: number) =>
		cbcApiRequestObject(ctx, {
			method: 'GET',
			api: 'investigateV2',
			path: ['observations', 'search_jobs', jobId, 'results'],
			qs: { start, rows: count },
			itemIndex: options.itemIndex,
			deadline,
		});
	const first = await pollUntilDone(ctx, {
		fetch: async (deadline) => await page(0, Math.min(RESULTS_PAGE, rows), deadline),
		statusOf: (reply) => {
			const contacted = Number(reply.contacted ?? 0);
			const completed = Number(reply.completed ?? 0);
			return contacted > 0 && completed >= contacted ? 'DONE' : `RUNNING ${completed}/${contacted}`;
		},
		isDone: (status) => status === 'DONE',
		isFailed: () => false,
		failure: () => new Error('unreachable'),
		timeout: (last) =>
			new NodeOperationError(ctx.getNode(), 'The observation search did not complete in time', {
				itemIndex: options.itemIndex,
				description: `Searchers completed: ${last?.replace('RUNNING ', '') ?? 'none yet'}. Raise Options › Timeout, or try again later.`,
			}),
		timeoutMs: options.timeoutMs,
		itemIndex: options.itemIndex,
	});
	const found = Number(first.num_found ?? 0);
	const available = Number(first.num_available ?? found);
	const out: IDataObject[] = [];
	append(out, expectList(ctx, first, 'results', 'Carbon Black Cloud', options.itemIndex));
	const wanted = Math.min(rows, available);
	while (out.length < wanted) {
		const next = await page(out.length, Math.min(RESULTS_PAGE, wanted - out.length));
		const results = expectList(ctx, next, 'results', 'Carbon Black Cloud', options.itemIndex);
		if (!results.length) break;
		append(out, results);
	}
	return { results: out.slice(0, rows), found: Math.max(found, out.length) };
}
