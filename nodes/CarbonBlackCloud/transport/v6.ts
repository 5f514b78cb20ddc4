import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import { expectList } from '../../shared/http';
import { pollUntilDone } from '../../shared/poll';
import { cbcApiRequestObject } from './index';

/** Like v7, only the first 10,000 results of a v6 search can be paged to. */
export const V6_SEARCH_WINDOW = 10_000;
export const V6_PAGE_SIZE = 1_000;

export interface V6SearchOptions {
	/** Stop after this many results; undefined reads everything. */
	max?: number;
	pageSize?: number;
	itemIndex?: number;
}

/**
 * Pages a v6 `…/_search` route with `start` (zero-based, per the v6 doc) and `rows` until
 * `max` results or a short page. A low `num_found` is not trusted to stop early (it would cut
 * the list silently); when `num_found` or full pages reach past the 10,000-result window before
 * `max`, the search fails instead of returning a silently cut list.
 */
export async function searchV6(
	ctx: RequestContext,
	path: string[],
	body: IDataObject,
	options: V6SearchOptions = {},
): Promise<IDataObject[]> {
	const pageSize = options.pageSize ?? V6_PAGE_SIZE;
	const max = options.max ?? Infinity;
	const out: IDataObject[] = [];
	const seen = new Set<unknown>();
	let start = 0;
	let found: number | undefined;
	const pastWindow = (count: string) =>
		new NodeOperationError(
			ctx.getNode(),
			`The search matches ${count} alerts; the v6 API pages through only the first ${V6_SEARCH_WINDOW}`,
			{
				itemIndex: options.itemIndex,
				description:
					'Narrow the time range, query or filters (or set a Limit of at most 10,000); v6 has no way to read past the window.',
			},
		);
	while (out.length < max) {
		const rows = Math.min(pageSize, max - out.length, V6_SEARCH_WINDOW - start);
		if (rows <= 0) throw pastWindow('more than 10,000');
		const page = await cbcApiRequestObject(ctx, {
			method: 'POST',
			api: 'appservicesV6',
			path,
			body: { ...body, start, rows },
			itemIndex: options.itemIndex,
			idempotent: true,
		});
		const results = expectList(ctx, page, 'results', 'Carbon Black Cloud', options.itemIndex);
		if (typeof page.num_found === 'number') found = page.num_found;
		// A count past the window is believed at once (it saves nine requests before the same error).
		if (start === 0 && found !== undefined && Math.min(max, found) > V6_SEARCH_WINDOW) {
			throw pastWindow(String(found));
		}
		for (const alert of results) {
			// Offset paging over live data can repeat an alert at a page boundary.
			const key = alert.id ?? JSON.stringify(alert);
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(alert);
			if (out.length >= max) break;
		}
		start += results.length;
		if (results.length < rows) break;
	}
	return out;
}

export async function getWorkflowStatus(
	ctx: RequestContext,
	requestId: string,
	itemIndex?: number,
	deadline?: number,
): Promise<IDataObject> {
	return await cbcApiRequestObject(ctx, {
		method: 'GET',
		api: 'appservicesV6',
		path: ['workflow', 'status', requestId],
		itemIndex,
		deadline,
	});
}

export interface V6WaitOptions {
	timeoutMs: number;
	itemIndex?: number;
	/** Consecutive 404/5xx answers tolerated (a new request may 404 briefly). */
	tolerated?: number;
}

const DONE = new Set(['FINISHED', 'COMPLETED', 'COMPLETE', 'DONE']);

/** Polls `workflow/status/{requestId}` until FINISHED, with the Jobs wait's back-off. */
export async function waitForWorkflowStatus(
	ctx: RequestContext,
	requestId: string,
	options: V6WaitOptions,
): Promise<IDataObject> {
	return await pollUntilDone(ctx, {
		fetch: async (deadline) => await getWorkflowStatus(ctx, requestId, options.itemIndex, deadline),
		statusOf: (reply) => String(reply.status ?? '').toUpperCase(),
		isDone: (status) => DONE.has(status),
		isFailed: (status) => status === 'FAILED',
		failure: (reply) => {
			const errors = Array.isArray(reply.errors) ? reply.errors.join('; ') : '';
			return new NodeOperationError(
				ctx.getNode(),
				`Carbon Black Cloud workflow request ${requestId} failed`,
				{
					itemIndex: options.itemIndex,
					description: `${errors || 'The request ended with status FAILED.'} Check it with Legacy Alert (API v6) › Get Workflow Status.`,
				},
			);
		},
		timeout: (lastStatus) =>
			new NodeOperationError(
				ctx.getNode(),
				`Carbon Black Cloud workflow request ${requestId} did not finish in time`,
				{
					itemIndex: options.itemIndex,
					description: `Last status: ${lastStatus ?? 'unknown'}. Raise Timeout (Seconds), or check it later with Legacy Alert (API v6) › Get Workflow Status.`,
				},
			),
		timeoutMs: options.timeoutMs,
		tolerated: options.tolerated,
		itemIndex: options.itemIndex,
	});
}
