import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { append, chunk, unique } from '../../shared/batch';
import type { RequestContext } from '../../shared/http';
import { beforeDeadline, expectList } from '../../shared/http';
import type { CtaRequest, CtaService } from './index';
import { ctaApiRequestObject } from './index';

export const MAX_PAGE_SIZE = 1_000;
/** Bulk searches accept at most this many IDs per filter list. */
export const MAX_IDS_PER_SEARCH = 1_000;
export const SEQUENCE_SORT = 'modificationSequenceNumber';

export interface CollectionResult {
	items: IDataObject[];
	/** Where reading stopped; pass it as `after` to continue later. */
	endCursor: string | null;
	/** False once the collection's end was reached. */
	hasMore: boolean;
	/** False when the deadline stopped the read before `max` or the end (`endCursor` is where). */
	complete: boolean;
	/** `max` stopped the read while the vendor announced more. */
	capped: boolean;
}

/** Return All stops with an error past this many objects: no real collection is that large. */
export const MAX_COLLECTED = 5_000_000;

function pagingError(ctx: RequestContext, message: string, itemIndex?: number) {
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex,
		description:
			'Reading stopped so that it cannot go on for ever. Try again later; if it persists, narrow the request (filters, Limit) or report it to Cisco.',
	});
}

/**
 * Reads a cursor-paginated collection. POST searches answer `next: null` even when more
 * exists, so every next request is built from `endCursor` rather than from `next`. A cursor the
 * vendor already sent in this read (A, B, A, …) is an error, and so is a page count past what
 * the limit (or, for Return All, MAX_COLLECTED) needs: each page brings at least one object.
 */
export async function ctaCollect(
	ctx: RequestContext,
	request: CtaRequest,
	options: {
		max?: number;
		pageSize?: number;
		after?: string | null;
		/** Epoch ms: no page after the first is asked for after it, one in flight is abandoned. */
		deadline?: number;
		/** Without a vendor endCursor, continue after the last item's id (time and risk sorts). */
		idAsCursor?: boolean;
		/** Only find where the collection ends: objects are counted, not kept. */
		discard?: boolean;
		/** Which objects count toward `max` (default: all); a trigger skips those it emitted before. */
		counts?: (item: IDataObject) => boolean;
	} = {},
): Promise<CollectionResult> {
	const max = options.max ?? Number.POSITIVE_INFINITY;
	const pageSize = Math.max(1, Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE));
	const { deadline } = options;
	// The first page of a read is never cut short, so every poll makes progress.
	const pastDeadline = (pages: number) =>
		pages > 1 && deadline !== undefined && Date.now() >= deadline;
	// Objects that do not count (a trigger's re-read window) take pages too.
	const maxPages =
		Number.isFinite(max) && !options.counts ? max : Math.ceil(MAX_COLLECTED / pageSize);
	const items: IDataObject[] = [];
	let read = 0;
	let counted = 0;
	const count = () => (options.discard ? read : options.counts ? counted : items.length);
	let after = options.after ?? undefined;
	let endCursor: string | null = after ?? null;
	let hasMore = true;
	const seen = new Set<string>(after ? [after] : []);
	for (let pages = 1; max > 0; pages++) {
		// When only some objects count, pages stay full and the read stops inside the page.
		const size = options.counts ? pageSize : Math.min(pageSize, max - count());
		const qs: IDataObject = { ...(request.qs ?? {}), size };
		if (after) qs.after = after;
		if (pastDeadline(pages)) return { items, endCursor, hasMore, complete: false, capped: false };
		const bound = pages > 1 ? deadline : undefined;
		const page = await beforeDeadline(bound, async () =>
			ctaApiRequestObject(ctx, { ...request, qs, idempotent: true, deadline: bound }),
		);
		if (!page) return { items, endCursor, hasMore, complete: false, capped: false };
		const pageItems = expectList(
			ctx,
			page,
			'items',
			'Cisco Global Threat Alerts',
			request.itemIndex,
		);
		let kept = pageItems;
		if (options.counts) {
			let n = 0;
			while (n < pageItems.length && counted < max) if (options.counts(pageItems[n++])) counted++;
			kept = n < pageItems.length ? pageItems.slice(0, n) : pageItems;
		}
		if (options.discard) read += pageItems.length;
		else append(items, kept);
		if (kept !== pageItems) return { items, endCursor, hasMore: true, complete: true, capped: true };
		const info = (page.pageInfo ?? {}) as IDataObject;
		const cursor =
			typeof info.endCursor === 'string' && info.endCursor !== '' ? info.endCursor : null;
		hasMore = info.hasNextPage !== false && pageItems.length > 0 && cursor !== null;
		if (cursor) endCursor = cursor;
		else if (pageItems.length && options.idAsCursor !== false) {
			// Time and risk sorts answer endCursor null on the last page; the doc's own `next`
			// example continues after a bare item id.
			const last = pageItems[pageItems.length - 1];
			if (typeof last.id === 'string' && last.id) endCursor = last.id;
		}
		// The same cursor twice in a row: the vendor has nothing after it.
		if (!hasMore || cursor === after) break;
		if (count() >= max) return { items, endCursor, hasMore, complete: true, capped: true };
		if (seen.has(cursor!)) {
			throw pagingError(
				ctx,
				`Cisco Global Threat Alerts sent page cursor "${cursor!.slice(0, 40)}" again after ${pages} pages`,
				request.itemIndex,
			);
		}
		if (pages >= maxPages) {
			throw pagingError(
				ctx,
				`Cisco Global Threat Alerts kept announcing more pages after ${pages} pages and ${count()} objects`,
				request.itemIndex,
			);
		}
		seen.add(cursor!);
		after = cursor!;
	}
	return { items, endCursor, hasMore, complete: true, capped: false };
}

/** A POST search that filters by a list of IDs. */
export interface BulkSearch {
	service: CtaService;
	path: string[];
	filterKey: string;
}

export const ALERTS_BY_ID: BulkSearch = {
	service: 'alert-management',
	path: ['alerts', 'search'],
	filterKey: 'alertIds',
};

export const THREAT_DETECTIONS_WITH_ALERT_IDS_BY_ID: BulkSearch = {
	service: 'alert-management',
	path: ['enriched-threat-detections-with-alert-ids', 'search'],
	filterKey: 'threatDetectionIds',
};

/** Objects for at most 1,000 IDs in one search (all its pages), keyed by id. */
export async function ctaFindChunk(
	ctx: RequestContext,
	search: BulkSearch,
	ids: string[],
	itemIndex?: number,
): Promise<Map<string, IDataObject>> {
	const found = new Map<string, IDataObject>();
	if (!ids.length) return found;
	const { items } = await ctaCollect(ctx, {
		method: 'POST',
		service: search.service,
		path: search.path,
		body: { filter: { [search.filterKey]: ids } },
		itemIndex,
	});
	for (const item of items) if (typeof item.id === 'string') found.set(item.id, item);
	return found;
}

/** Objects for any number of IDs: de-duplicated, chunked to 1,000 per search. */
export async function ctaFindByIds(
	ctx: RequestContext,
	search: BulkSearch,
	ids: string[],
	itemIndex?: number,
): Promise<Map<string, IDataObject>> {
	const found = new Map<string, IDataObject>();
	for (const part of chunk(unique(ids), MAX_IDS_PER_SEARCH)) {
		for (const [id, item] of await ctaFindChunk(ctx, search, part, itemIndex)) found.set(id, item);
	}
	return found;
}

/**
 * A POST search read like a collection, optionally filtered by IDs. Up to 1,000 IDs keep one
 * cursor; longer lists are searched 1,000 at a time and have no end cursor.
 */
export async function ctaSearchCollection(
	ctx: RequestContext,
	request: CtaRequest,
	filter: { key: string; ids: string[] } | undefined,
	options: { max?: number; pageSize?: number; after?: string | null } = {},
): Promise<CollectionResult> {
	const ids = filter ? unique(filter.ids) : [];
	if (!filter || ids.length <= MAX_IDS_PER_SEARCH) {
		const body = { filter: filter && ids.length ? { [filter.key]: ids } : {} };
		return await ctaCollect(ctx, { ...request, method: 'POST', body }, options);
	}
	const max = options.max ?? Number.POSITIVE_INFINITY;
	const items: IDataObject[] = [];
	let hasMore = false;
	for (const part of chunk(ids, MAX_IDS_PER_SEARCH)) {
		if (items.length >= max) {
			hasMore = true;
			break;
		}
		const result = await ctaCollect(
			ctx,
			{ ...request, method: 'POST', body: { filter: { [filter.key]: part } } },
			{ max: max - items.length, pageSize: options.pageSize },
		);
		append(items, result.items);
		hasMore = result.hasMore;
	}
	return { items, endCursor: null, hasMore, complete: true, capped: false };
}
