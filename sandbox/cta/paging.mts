// Cursor pagination as described in the CTA doc ("Pagination" section).
//
// Every collection is an array kept sorted by a total order:
// - sort=modificationSequenceNumber: by the object's sequence number (unique); cursors are the
//   sequence number as a decimal string and are always returned when the page has items.
// - any other sort: by (primary key, id), ascending or descending; cursors look like the doc's
//   "High,32c43ccb-…" i.e. "<primary value>,<id>". startCursor/endCursor are null when the
//   previous/next page does not exist, as the doc says. `after`/`before` also accept a bare id
//   of an existing object (the doc's `next` example uses one).

import type { SandboxRequest } from '../types.mts';
import { badRequest } from './util.mts';

export interface Sortable {
	id: string;
	seq?: number;
}

export interface SortSpec<T extends Sortable> {
	/** canonical text, e.g. "triggeredAt:asc" */
	name: string;
	seq: boolean;
	dir: 1 | -1;
	key(item: T): number;
	/** text of the primary key inside a cursor */
	format(key: number): string;
	/** inverse of format; undefined when invalid */
	parse(text: string): number | undefined;
}

export interface Pos {
	key: number;
	id: string;
}

export function compareTo<T extends Sortable>(sort: SortSpec<T>, item: T, pos: Pos): number {
	const k = sort.key(item);
	if (k !== pos.key) return k < pos.key ? -sort.dir : sort.dir;
	if (sort.seq || item.id === pos.id) return 0;
	return item.id < pos.id ? -sort.dir : sort.dir;
}

export function compareItems<T extends Sortable>(sort: SortSpec<T>, a: T, b: T): number {
	return compareTo(sort, a, { key: sort.key(b), id: b.id });
}

/** First index whose item compares > pos (strict) or >= pos (inclusive). */
function bound<T extends Sortable>(arr: readonly T[], sort: SortSpec<T>, pos: Pos, strict: boolean): number {
	let lo = 0;
	let hi = arr.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		const c = compareTo(sort, arr[mid], pos);
		if (c < 0 || (strict && c === 0)) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export function cursorOf<T extends Sortable>(sort: SortSpec<T>, item: T): string {
	const k = sort.key(item);
	return sort.seq ? String(k) : `${sort.format(k)},${item.id}`;
}

/** Parse an after/before value. `lookup` resolves a bare id to an object for non-seq sorts. */
export function parseCursor<T extends Sortable>(
	sort: SortSpec<T>,
	text: string,
	param: string,
	lookup: (id: string) => T | undefined,
): Pos {
	const invalid = () =>
		badRequest(`Invalid cursor in '${param}': use the startCursor/endCursor value of a previous response`);
	if (sort.seq) {
		if (!/^\d{1,15}$/.test(text)) throw invalid();
		return { key: Number(text), id: '' };
	}
	const comma = text.lastIndexOf(',');
	if (comma < 0) {
		const item = lookup(text);
		if (!item) throw invalid();
		return { key: sort.key(item), id: item.id };
	}
	const key = sort.parse(text.slice(0, comma));
	const id = text.slice(comma + 1);
	if (key === undefined || id === '') throw invalid();
	return { key, id };
}

export interface PageResult<T> {
	items: T[];
	hasNext: boolean;
	hasPrev: boolean;
}

export function pageOf<T extends Sortable>(
	arr: readonly T[],
	sort: SortSpec<T>,
	size: number,
	after: Pos | undefined,
	before: Pos | undefined,
	filter?: (item: T) => boolean,
): PageResult<T> {
	const ok = filter ?? (() => true);
	const items: T[] = [];
	if (before) {
		const end = bound(arr, sort, before, false); // items < before
		let i = end - 1;
		for (; i >= 0 && items.length < size; i--) if (ok(arr[i])) items.push(arr[i]);
		let hasPrev = false;
		for (; i >= 0; i--)
			if (ok(arr[i])) {
				hasPrev = true;
				break;
			}
		let hasNext = false;
		for (let j = end; j < arr.length; j++)
			if (ok(arr[j])) {
				hasNext = true;
				break;
			}
		items.reverse();
		return { items, hasNext, hasPrev };
	}
	const start = after ? bound(arr, sort, after, true) : 0;
	let i = start;
	for (; i < arr.length && items.length < size; i++) if (ok(arr[i])) items.push(arr[i]);
	let hasNext = false;
	for (; i < arr.length; i++)
		if (ok(arr[i])) {
			hasNext = true;
			break;
		}
	let hasPrev = false;
	for (let j = start - 1; j >= 0; j--)
		if (ok(arr[j])) {
			hasPrev = true;
			break;
		}
	return { items, hasNext, hasPrev };
}

export interface PageInfo {
	previous: string | null;
	next: string | null;
	hasNextPage: boolean;
	hasPreviousPage: boolean;
	startCursor: string | null;
	endCursor: string | null;
}

function link(req: SandboxRequest, param: 'after' | 'before', value: string): string {
	const q = new URLSearchParams();
	for (const [k, v] of req.query) if (k !== 'after' && k !== 'before') q.append(k, v);
	q.append(param, value);
	return `${req.rawPath}?${q.toString()}`;
}

export function pageInfoOf<T extends Sortable>(
	req: SandboxRequest,
	sort: SortSpec<T>,
	page: PageResult<T>,
): PageInfo {
	const { items, hasNext, hasPrev } = page;
	const first = items[0];
	const last = items[items.length - 1];
	const startCursor = first && (sort.seq || hasPrev) ? cursorOf(sort, first) : null;
	const endCursor = last && (sort.seq || hasNext) ? cursorOf(sort, last) : null;
	const isGet = req.method === 'GET';
	return {
		previous: isGet && hasPrev && first ? link(req, 'before', cursorOf(sort, first)) : null,
		next: isGet && hasNext && last ? link(req, 'after', cursorOf(sort, last)) : null,
		hasNextPage: hasNext,
		hasPreviousPage: hasPrev,
		startCursor,
		endCursor,
	};
}

export const MAX_SIZE = 1000;

/** `size` query parameter: 1..1000, default 1000 (the doc: the limit also applies without size). */
export function parseSize(req: SandboxRequest, overLimit: 'reject' | 'clamp'): number {
	const raw = req.query.get('size');
	if (raw === null) return MAX_SIZE;
	if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1)
		throw badRequest(`Invalid 'size': must be an integer between 1 and ${MAX_SIZE}`);
	const n = Number(raw);
	if (n > MAX_SIZE) {
		if (overLimit === 'clamp') return MAX_SIZE;
		throw badRequest(`Invalid 'size': maximum number of requested items is ${MAX_SIZE}`);
	}
	return n;
}

// ---- sort specs -------------------------------------------------------------------------

export function timeSort<T extends Sortable>(field: string, dir: 1 | -1, get: (t: T) => number): SortSpec<T> {
	return {
		name: `${field}:${dir === 1 ? 'asc' : 'desc'}`,
		seq: false,
		dir,
		key: get,
		format: (k) => new Date(k).toISOString(),
		parse: (s) => {
			if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s)) return undefined;
			const t = Date.parse(s);
			return Number.isNaN(t) ? undefined : t;
		},
	};
}

export function seqSort<T extends Sortable>(): SortSpec<T> {
	return {
		name: 'modificationSequenceNumber',
		seq: true,
		dir: 1,
		key: (t) => t.seq ?? 0,
		format: (k) => String(k),
		parse: (s) => (/^\d+$/.test(s) ? Number(s) : undefined),
	};
}

export function enumSort<T extends Sortable>(
	field: string,
	dir: 1 | -1,
	values: readonly string[],
	get: (t: T) => string,
): SortSpec<T> {
	return {
		name: `${field}:${dir === 1 ? 'asc' : 'desc'}`,
		seq: false,
		dir,
		key: (t) => values.indexOf(get(t)),
		format: (k) => values[k] ?? String(k),
		parse: (s) => {
			const i = values.indexOf(s);
			return i < 0 ? undefined : i;
		},
	};
}
