import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { append } from '../../shared/batch';
import type { RequestContext } from '../../shared/http';
import { beforeDeadline, expectList } from '../../shared/http';
import { rangeStart } from '../helpers/utils';
import { cbcApiRequestObject } from './index';

/** v7 returns only the first 10,000 results of a search: `start + rows` must be less than 10,000. */
export const SEARCH_WINDOW = 10_000;
/**
 * The largest page the API allows (`start` 1 + 9,998 rows < 10,000): v7 has no other row limit,
 * so a whole time slice (or a whole trigger window) is read in one request.
 */
export const DEFAULT_PAGE_SIZE = SEARCH_WINDOW - 2;

export interface AlertSearchBody extends IDataObject {
	query?: string;
	time_range?: { range?: string; start?: string; end?: string };
	criteria?: IDataObject;
	exclusions?: IDataObject;
	sort?: Array<{ field: string; order: string }>;
}

export interface SearchOptions {
	/** Stop after this many results; undefined reads everything. */
	max?: number;
	pageSize?: number;
	itemIndex?: number;
	/** Clock used to turn a relative range into fixed bounds (tests may pin it). */
	now?: DateTime;
}

async function searchPage(
	ctx: RequestContext,
	body: AlertSearchBody,
	start: number,
	rows: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const page = await cbcApiRequestObject(ctx, {
		method: 'POST',
		path: ['alerts', '_search'],
		body: { ...body, start, rows },
		itemIndex,
		idempotent: true,
	});
	return expectList(ctx, page, 'results', 'Carbon Black Cloud', itemIndex);
}

/** Offset paging inside the 10,000 window, in the caller's sort order. */
async function searchWithinWindow(
	ctx: RequestContext,
	body: AlertSearchBody,
	max: number,
	pageSize: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	let start = 1;
	while (out.length < max) {
		const rows = Math.min(pageSize, max - out.length, SEARCH_WINDOW - 1 - start);
		if (rows <= 0) break;
		const results = await searchPage(ctx, body, start, rows, itemIndex);
		append(out, results);
		if (results.length < rows) break;
		start += results.length;
	}
	return out;
}

/** The two timestamps a search can be read in order of, and where each one is filtered. */
export type SliceField = 'backend_timestamp' | 'backend_update_timestamp';

export interface AscendingOptions {
	field: SliceField;
	from: DateTime;
	to: DateTime;
	max?: number;
	/** Which alerts count toward `max` (default: all); the trigger does not count those it emitted before. */
	counts?: (alert: IDataObject) => boolean;
	pageSize: number;
	itemIndex?: number;
	/**
	 * Epoch ms: no request is started after it, one in flight is abandoned; the read is then
	 * incomplete. The first request is never cut short, so a read always makes progress.
	 */
	deadline?: number;
	/** Newest first (backend_timestamp only): slices move their end back instead of their start forward. */
	descending?: boolean;
}

export interface AscendingRead {
	items: IDataObject[];
	/** False when the deadline or `max` stopped the read: everything returned is older than what is left. */
	complete: boolean;
}

function sliceBody(body: AlertSearchBody, field: SliceField, start: string, end: string, order: 'ASC' | 'DESC') {
	const sorted: AlertSearchBody = { ...body, sort: [{ field, order }] };
	if (field === 'backend_timestamp') return { ...sorted, time_range: { start, end } };
	return { ...sorted, criteria: { ...(body.criteria ?? {}), [field]: { start, end } } };
}

/**
 * Reads in ascending `field` order from `from` to `to`, past the 10,000-result window: when a
 * slice fills the window the next slice starts at the last timestamp seen (inclusive), skipping
 * the IDs already read at exactly that timestamp. With a deadline it stops in time and says the
 * read is incomplete (what it returns is then a prefix of the full read, oldest first).
 * `descending` reads newest first the same way: the next slice ends just after the oldest
 * timestamp seen.
 */
export async function readAscending(
	ctx: RequestContext,
	body: AlertSearchBody,
	options: AscendingOptions,
): Promise<AscendingRead> {
	const { field, pageSize, itemIndex, deadline } = options;
	const descending = options.descending === true && field === 'backend_timestamp';
	const max = options.max ?? Number.POSITIVE_INFINITY;
	const startIso = options.from.toUTC().toISO() as string;
	const endIso = options.to.toUTC().toISO() as string;
	let sliceStart = options.from;
	let sliceEnd = options.to;
	const out: IDataObject[] = [];
	// IDs already read at the newest timestamp seen: the next slice re-reads that instant.
	let boundaryTs = Number.NEGATIVE_INFINITY;
	let boundaryIds = new Set<string>();
	// Where the current slice begins: anything past it was read in an earlier slice.
	let sliceBoundary = descending ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
	// The first page of a read is never cut short, so every poll makes progress.
	let requests = 0;
	const pastDeadline = () => requests > 0 && deadline !== undefined && Date.now() >= deadline;

	const requestPage = (slice: AlertSearchBody, start: number, rows: number, bound?: number) =>
		beforeDeadline(bound, async () =>
			cbcApiRequestObject(ctx, {
				method: 'POST',
				path: ['alerts', '_search'],
				body: { ...slice, start, rows },
				itemIndex,
				idempotent: true,
				deadline: bound,
			}),
		);

	const counts = options.counts ?? (() => true);
	let counted = 0;
	// With a finite max the last page asks only for what is still missing; when only some alerts
	// count (the trigger's), pages stay full and the read stops inside the page.
	const rowsAt = (start: number) =>
		Math.min(pageSize, SEARCH_WINDOW - 1 - start, options.counts ? pageSize : max - counted);

	while (counted < max) {
		const slice = descending
			? sliceBody(body, field, startIso, sliceEnd.toUTC().toISO() as string, 'DESC')
			: sliceBody(body, field, sliceStart.toUTC().toISO() as string, endIso, 'ASC');
		let start = 1;
		let exhausted = false;
		while (counted < max) {
			const rows = rowsAt(start);
			if (rows <= 0) break;
			if (pastDeadline()) return { items: out, complete: false };
			const bound = requests++ > 0 ? deadline : undefined;
			const page = await requestPage(slice, start, rows, bound);
			if (!page) return { items: out, complete: false };
			const results = expectList(ctx, page, 'results', 'Carbon Black Cloud', itemIndex);
			for (const alert of results) {
				const id = String(alert.id);
				const ts = Date.parse(String(alert[field] ?? ''));
				if (ts === boundaryTs && boundaryIds.has(id)) continue;
				if (descending ? ts > sliceBoundary : ts < sliceBoundary) continue;
				// Stopped by max: the rest of this page is read again by the next read.
				if (counted >= max) return { items: out, complete: false };
				if (ts !== boundaryTs && !Number.isNaN(ts)) {
					boundaryTs = ts;
					boundaryIds = new Set();
				}
				boundaryIds.add(id);
				out.push(alert);
				if (counts(alert)) counted++;
			}
			if (results.length < rows) {
				exhausted = true;
				break;
			}
			start += results.length;
		}
		if (exhausted) break;
		if (counted >= max) return { items: out, complete: false };
		// Ascending: the next slice starts at the newest timestamp read. Descending: it ends 1 ms
		// after the oldest one (whether the vendor's end is inclusive or not); either way the IDs
		// already read at that timestamp are skipped.
		const next = DateTime.fromMillis(descending ? boundaryTs + 1 : boundaryTs, { zone: 'utc' });
		if (!next.isValid || (descending ? next >= sliceEnd : next <= sliceStart)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'More than 10,000 alerts share one backend timestamp',
				{
					itemIndex,
					description:
						'Carbon Black Cloud cannot page past its 10,000-result window here. Narrow the search with a query or criteria.',
				},
			);
		}
		sliceBoundary = boundaryTs;
		if (descending) sliceEnd = next;
		else sliceStart = next;
	}
	return { items: out, complete: true };
}

/** The most results one search can give: `start` 1 + 9,998 rows stays below the 10,000 window. */
export const WINDOW_RESULTS = SEARCH_WINDOW - 2;

/** What an alert search without a sort is ordered by, whatever the Limit: newest first. */
export const DEFAULT_ALERT_SORT = [{ field: 'backend_timestamp', order: 'DESC' }];

/**
 * Alert search honouring Limit / Return All and the sort, for every Limit. Without a sort the
 * order is backend_timestamp newest first. Up to 9,998 results one search answers in any order;
 * past that only backend_timestamp order can be kept (the search is read in time slices); any
 * other sort is refused rather than answered in a different order.
 */
export async function searchAlerts(
	ctx: RequestContext,
	body: AlertSearchBody,
	options: SearchOptions = {},
): Promise<IDataObject[]> {
	const max = options.max ?? Number.POSITIVE_INFINITY;
	const pageSize = Math.max(1, Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, SEARCH_WINDOW - 1));
	const sort = body.sort?.length ? body.sort : DEFAULT_ALERT_SORT;
	if (max <= WINDOW_RESULTS) {
		return await searchWithinWindow(ctx, { ...body, sort }, max, pageSize, options.itemIndex);
	}
	const [first] = sort;
	const order = String(first.order).toUpperCase();
	if (sort.length !== 1 || first.field !== 'backend_timestamp' || (order !== 'ASC' && order !== 'DESC')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`A search sorted by ${sort.map((s) => `${s.field} ${s.order}`).join(', ')} can return at most 9,998 alerts`,
			{
				itemIndex: options.itemIndex,
				description:
					'Carbon Black Cloud answers only the first 10,000 results of a search, so more alerts cannot be returned in this order. Set Limit to 9,998 or less, narrow the search (time range, query, filters), or sort by Backend Timestamp alone (newest or oldest first), which the node can read past the window.',
			},
		);
	}
	const now = options.now ?? DateTime.utc();
	const range = body.time_range ?? { range: '-2w' };
	const { items } = await readAscending(ctx, body, {
		field: 'backend_timestamp',
		from: range.range
			? rangeStart(range.range, now)
			: DateTime.fromISO(String(range.start), { zone: 'utc' }),
		to: range.range ? now : DateTime.fromISO(String(range.end), { zone: 'utc' }),
		max,
		pageSize,
		itemIndex: options.itemIndex,
		descending: order === 'DESC',
	});
	return items;
}

/**
 * Grouped alert search with offset paging. Groups span time, so the window cannot be sliced by
 * time: when Return All would need more than the window holds, it fails instead of truncating.
 */
export async function searchGroupedAlerts(
	ctx: RequestContext,
	body: IDataObject,
	options: { max?: number; pageSize?: number; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const max = options.max ?? Number.POSITIVE_INFINITY;
	const pageSize = Math.max(1, Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, SEARCH_WINDOW - 1));
	const out: IDataObject[] = [];
	let start = 1;
	while (out.length < max) {
		const rows = Math.min(pageSize, max - out.length, SEARCH_WINDOW - 1 - start);
		if (rows <= 0) {
			throw new NodeOperationError(ctx.getNode(), 'More than 10,000 threats match the search', {
				itemIndex: options.itemIndex,
				description:
					'Carbon Black Cloud returns at most 10,000 results per search. Narrow the time range or add filters.',
			});
		}
		const page = await cbcApiRequestObject(ctx, {
			method: 'POST',
			path: ['grouped_alerts', '_search'],
			body: { ...body, start, rows },
			itemIndex: options.itemIndex,
			idempotent: true,
		});
		const results = expectList(ctx, page, 'results', 'Carbon Black Cloud', options.itemIndex);
		append(out, results);
		if (results.length < rows) break;
		start += results.length;
	}
	return out;
}
