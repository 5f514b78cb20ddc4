// Shared v7 request parsing and the search engine (time window, query, criteria, exclusions, sort, paging).

import { SYNTAX_ERROR } from '../types.mts';
import type { AlertStore, StoredAlert } from './data.mts';
import { ApiError, badRequest, enumError, invalidValue, malformedJson, unexpectedProperty } from './errors.mts';
import { CRITERIA_TIME_FIELDS, FIELDS, SORT_FIELDS, TARGET_VALUE_RANK } from './fields.mts';
import { compileQuery, QueryError, toMs } from './query.mts';


export type Pred = (a: StoredAlert) => boolean;
export type Body = Record<string, unknown>;

export const WINDOW_LIMIT = 10_000;
const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5, M: 2592e6 };

/** Body as an object, rejecting invalid JSON and properties not in `known` (doc order kept for the error). */
export function readBody(json: unknown, known: readonly string[]): Body {
	if (json === SYNTAX_ERROR) throw malformedJson();
	if (json === undefined || json === null) return {};
	if (typeof json !== 'object' || Array.isArray(json)) throw malformedJson('expected a JSON object');
	for (const k of Object.keys(json)) if (!known.includes(k)) throw unexpectedProperty(k, known);
	return json as Body;
}

/** `-<n><M|w|d|h|m|s>` → milliseconds. */
export function parseRelative(range: unknown, field: string): number {
	const m = typeof range === 'string' ? /^-(\d+)([Mwdhms])$/.exec(range.trim()) : null;
	if (!m) throw badRequest('INVALID_TIME_RANGE', `Invalid ${field}.range ${JSON.stringify(range)}: expected -<quantity><M|w|d|h|m|s>, e.g. -2w`, { field: `${field}.range` });
	return Number(m[1]) * UNIT_MS[m[2]];
}

function parseIso(v: unknown, field: string): number {
	const ms = typeof v === 'string' ? Date.parse(v) : NaN;
	if (!Number.isFinite(ms)) throw badRequest('INVALID_TIME_RANGE', `Invalid ${field}: ${JSON.stringify(v)} is not an ISO 8601 timestamp`, { field });
	return ms;
}

/** Time filter object → inclusive [from, to] in ms. */
export function parseTimeFilter(v: unknown, field: string, now: number): [number, number] {
	if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('INVALID_TIME_RANGE', `${field} must be an object with start/end or range`, { field });
	const o = v as Body;
	for (const k of Object.keys(o)) if (!['start', 'end', 'range'].includes(k)) throw unexpectedProperty(k, ['start', 'end', 'range']);
	if (o.range !== undefined) {
		if (o.start !== undefined || o.end !== undefined)
			throw badRequest('INVALID_TIME_RANGE', `${field}: range cannot be combined with start or end`, { field });
		return [now - parseRelative(o.range, field), now];
	}
	if (o.start === undefined || o.end === undefined) throw badRequest('INVALID_TIME_RANGE', `${field}: start and end are both required (or use range)`, { field });
	const s = parseIso(o.start, `${field}.start`);
	const e = parseIso(o.end, `${field}.end`);
	if (s >= e) throw badRequest('INVALID_TIME_RANGE', `${field}: start must be before end`, { field });
	return [s, e];
}

function int(v: unknown, field: string, dflt: number): number {
	if (v === undefined || v === null) return dflt;
	const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
	if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidValue(field, `${field} must be a whole number`);
	return n;
}

/** start (1-based) and rows; start + rows must be less than 10,000 (doc wording). */
export function parsePaging(body: Body, defaultRows = 20): { start: number; rows: number } {
	const start = int(body.start, 'start', 1);
	const rows = int(body.rows, 'rows', defaultRows);
	if (start < 1) throw badRequest('INVALID_PAGINATION', 'start must be a whole number greater than or equal to 1 (it is one-based)', { field: 'start' });
	if (rows < 0) throw badRequest('INVALID_PAGINATION', 'rows must be a whole number greater than or equal to 0', { field: 'rows' });
	if (start + rows >= WINDOW_LIMIT)
		throw badRequest('INVALID_PAGINATION', `start + rows must be less than ${WINDOW_LIMIT}: only the first 10,000 results of a search are accessible; narrow the time_range or add filters to read further (got start=${start}, rows=${rows})`, { field: 'start', start, rows });
	return { start, rows };
}

export interface SortSpec {
	field: string;
	desc: boolean;
}

export function parseSort(v: unknown, allowed: readonly string[], dflt: SortSpec[]): SortSpec[] {
	if (v === undefined || v === null) return dflt;
	const list = Array.isArray(v) ? v : [v];
	return list.map((s) => {
		if (!s || typeof s !== 'object') throw invalidValue('sort', 'sort must be a list of {field, order}');
		const { field, order } = s as Body;
		const f = typeof field === 'string' ? field.toLowerCase() : field;
		if (typeof f !== 'string' || !allowed.includes(f)) throw enumError('field', field, allowed);
		const o = order === undefined ? 'ASC' : typeof order === 'string' ? order.toUpperCase() : order;
		if (o !== 'ASC' && o !== 'DESC') throw enumError('order', order, ['ASC', 'DESC']);
		return { field: f, desc: o === 'DESC' };
	});
}

// ---- criteria / exclusions ----

function valuePred(field: string, values: unknown[]): Pred {
	const def = FIELDS[field];
	if (def.enum) for (const v of values) if (typeof v !== 'string' || !def.enum.includes(v)) throw enumError(field, v, def.enum);
	let test: (x: unknown) => boolean;
	if (def.kind === 'number') {
		const set = new Set(values.map(Number));
		test = (x) => set.has(Number(x));
	} else if (def.kind === 'bool') {
		const set = new Set(values.map((v) => v === true || v === 'true'));
		test = (x) => typeof x === 'boolean' && set.has(x);
	} else {
		const set = new Set(values.map((v) => String(v).toLowerCase()));
		test = (x) => x !== null && x !== undefined && set.has(String(x).toLowerCase());
	}
	return (a) => {
		const x = def.get(a);
		if (Array.isArray(x)) return x.some(test);
		return test(x);
	};
}

/** criteria/exclusions object → one predicate per field (AND across fields, OR within a field). */
export function parseCriteria(v: unknown, where: 'criteria' | 'exclusions', now: number): Map<string, Pred> {
	const out = new Map<string, Pred>();
	if (v === undefined || v === null) return out;
	if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(where, `${where} must be an object`);
	for (const [field, value] of Object.entries(v as Body)) {
		if (field === 'minimum_severity') {
			const n = Number(value);
			if (!Number.isInteger(n) || n < 1 || n > 10) throw invalidValue(`${where}.minimum_severity`, 'minimum_severity must be an integer from 1 to 10');
			out.set('severity', (a) => a.doc.severity >= n);
		} else if (field === 'backend_timestamp') {
			throw badRequest('INVALID_CRITERIA', 'backend_timestamp is not valid in criteria; use the top-level time_range parameter', { field: `${where}.backend_timestamp` });
		} else if (CRITERIA_TIME_FIELDS.includes(field)) {
			const [s, e] = parseTimeFilter(value, `${where}.${field}`, now);
			const get = FIELDS[field].get;
			out.set(field, (a) => {
				const t = toMs(get(a));
				return t >= s && t <= e;
			});
		} else if (FIELDS[field]) {
			if (!Array.isArray(value)) throw invalidValue(`${where}.${field}`, `${where}.${field} must be an array of values`);
			out.set(field, valuePred(field, value));
		} else {
			throw badRequest('INVALID_FIELD', `Unknown ${where} field: ${field}`, { field: `${where}.${field}` });
		}
	}
	return out;
}

export interface SearchSpec {
	from: number;
	to: number;
	query?: Pred;
	criteria: Map<string, Pred>;
	exclusions: Map<string, Pred>;
	/** criteria.id as given: lets select() look the alerts up instead of scanning the range. */
	ids?: string[];
}

/** query + time_range + criteria + exclusions (shared by all v7 search-like routes). */
export function parseSpec(body: Body, now: number): SearchSpec {
	const [from, to] = body.time_range === undefined ? [now - UNIT_MS.w * 2, now] : parseTimeFilter(body.time_range, 'time_range', now);
	let query: Pred | undefined;
	if (body.query !== undefined && body.query !== null) {
		if (typeof body.query !== 'string') throw invalidValue('query', 'query must be a string');
		try {
			if (body.query.trim() !== '') query = compileQuery(body.query);
		} catch (e) {
			if (!(e instanceof QueryError)) throw e;
			throw new ApiError(400, {
				error_code: 'INVALID_QUERY',
				message: `Invalid query: ${e.message}`,
				reason: e.kind === 'syntax' ? 'query_malformed_syntax' : 'query_invalid_field',
			});
		}
	}
	const criteria = parseCriteria(body.criteria, 'criteria', now);
	const rawIds = (body.criteria as Body | undefined)?.id;
	const ids = Array.isArray(rawIds) ? rawIds.map(String) : undefined;
	return { from, to, query, criteria, exclusions: parseCriteria(body.exclusions, 'exclusions', now), ids };
}

/** Visits matching, currently visible alerts in (backend_timestamp asc, id asc) order. `skipCriteria` ignores one criteria field (facets). */
function scan(store: AlertStore, spec: SearchSpec, now: number, skipCriteria: string | undefined, visit: (a: StoredAlert) => void): void {
	let [lo, hi] = store.range(spec.from, spec.to + 1);
	const preds: Pred[] = [];
	if (spec.query) preds.push(spec.query);
	for (const [f, p] of spec.criteria) if (f !== skipCriteria) preds.push(p);
	const excl = [...spec.exclusions.values()];
	let arr = store.sorted;
	const byId = spec.ids && skipCriteria !== 'id' ? spec.ids.map((id) => store.byId.get(id)) : undefined;
	if (byId && byId.every((a) => a !== undefined)) {
		// Same result as the scan below (the id predicate still applies), without scanning the
		// whole range for a few exactly spelled IDs.
		const from = spec.from;
		const to = spec.to + 1;
		arr = [...new Set(byId as StoredAlert[])]
			.filter((a) => a.ts >= from && a.ts < to)
			.sort((x, y) => x.ts - y.ts || (x.doc.id < y.doc.id ? -1 : x.doc.id > y.doc.id ? 1 : 0));
		[lo, hi] = [0, arr.length];
	}
	outer: for (let i = lo; i < hi; i++) {
		const a = arr[i];
		if (a.visibleAt > now) continue;
		for (const p of preds) if (!p(a)) continue outer;
		for (const p of excl) if (p(a)) continue outer;
		visit(a);
	}
}

/** Matching, currently visible alerts in (backend_timestamp asc, id asc) order. `skipCriteria` ignores one criteria field (facets). */
export function select(store: AlertStore, spec: SearchSpec, now: number, skipCriteria?: string): StoredAlert[] {
	const out: StoredAlert[] = [];
	scan(store, spec, now, skipCriteria, (a) => out.push(a));
	return out;
}

/**
 * One page of a search and the number of matches. In the store's own order (backend_timestamp
 * ascending) only the page is collected, so paging through a large range costs a count per
 * request, not a copy of everything after `start` (a search index counts without copying too).
 */
export function selectPage(
	store: AlertStore,
	spec: SearchSpec,
	now: number,
	sort: SortSpec[],
	start: number,
	rows: number,
	ensureRanks?: () => void,
): { page: StoredAlert[]; found: number } {
	if (sort.length === 0 || (sort.length === 1 && sort[0].field === 'backend_timestamp' && !sort[0].desc)) {
		const first = start - 1;
		const end = first + rows;
		if (plainRange(store, spec, now)) {
			// Only a time range and every alert visible: the index range is the answer (a search
			// index counts without visiting each match; scanning here made each page cost O(store)).
			const [lo, hi] = store.range(spec.from, spec.to + 1);
			return { page: store.sorted.slice(Math.min(hi, lo + first), Math.min(hi, lo + end)), found: hi - lo };
		}
		const page: StoredAlert[] = [];
		let found = 0;
		scan(store, spec, now, undefined, (a) => {
			if (found >= first && found < end) page.push(a);
			found++;
		});
		return { page, found };
	}
	if (sort.length === 1 && sort[0].field === 'backend_timestamp' && sort[0].desc && plainRange(store, spec, now)) {
		// Newest first, ties by id ascending (as sortAlerts): runs of one timestamp taken from the
		// top of the index range, each in store order. Only the page is visited.
		const [lo, hi] = store.range(spec.from, spec.to + 1);
		const arr = store.sorted;
		const page: StoredAlert[] = [];
		let skip = start - 1;
		for (let i = hi; i > lo && page.length < rows; ) {
			let j = i - 1;
			while (j > lo && arr[j - 1].ts === arr[i - 1].ts) j--;
			if (skip >= i - j) skip -= i - j;
			else {
				for (let k = j + skip; k < i && page.length < rows; k++) page.push(arr[k]);
				skip = 0;
			}
			i = j;
		}
		return { page, found: hi - lo };
	}
	const list = select(store, spec, now);
	return { page: rows === 0 ? [] : sortAlerts(list, sort, ensureRanks).slice(start - 1, start - 1 + rows), found: list.length };
}

/** Only a time range, and every alert visible: the timestamp index range is the whole answer. */
function plainRange(store: AlertStore, spec: SearchSpec, now: number): boolean {
	return !spec.query && spec.criteria.size === 0 && spec.exclusions.size === 0 && store.latestVisibleAt <= now;
}

/** Sort key: numbers, or ISO strings for timestamps (the store keeps them in one toISOString format, so they sort lexically). */
function sortKey(a: StoredAlert, field: string): number | string | null {
	if (field === 'backend_timestamp') return a.ts;
	if (field === 'severity') return a.doc.severity;
	if (field === 'device_target_value') return TARGET_VALUE_RANK[a.doc.device_target_value] ?? 0;
	const v = FIELDS[field].get(a);
	return v === null || v === undefined || v === '' ? null : (v as string);
}

/** Sort; ties broken by id ascending. Input must be in (ts, id) order for the fast path. */
export function sortAlerts(list: StoredAlert[], sort: SortSpec[], ensureRanks?: () => void): StoredAlert[] {
	if (sort.length === 0 || (sort.length === 1 && sort[0].field === 'backend_timestamp' && !sort[0].desc)) return list;
	if (sort.length === 1 && sort[0].field === 'backend_timestamp') {
		// Descending by ts, ties still by id ascending: reverse, then re-reverse each run of equal ts.
		list.reverse();
		let i = 0;
		while (i < list.length) {
			let j = i + 1;
			while (j < list.length && list[j].ts === list[i].ts) j++;
			if (j - i > 1) {
				for (let x = i, y = j - 1; x < y; x++, y--) [list[x], list[y]] = [list[y], list[x]];
			}
			i = j;
		}
		return list;
	}
	ensureRanks?.();
	const byRank = (x: StoredAlert, y: StoredAlert): number => (x.rank !== y.rank ? x.rank - y.rank : x.doc.id < y.doc.id ? -1 : 1);
	if (sort.length === 1) {
		// One key: bucket by key value, sort distinct keys natively, order each bucket by id rank; nulls last.
		const { field, desc } = sort[0];
		const buckets = new Map<number | string, StoredAlert[]>();
		const nulls: StoredAlert[] = [];
		for (const a of list) {
			const k = sortKey(a, field);
			if (k === null) nulls.push(a);
			else {
				const b = buckets.get(k);
				if (b) b.push(a);
				else buckets.set(k, [a]);
			}
		}
		const keys = [...buckets.keys()];
		if (typeof keys[0] === 'string') keys.sort();
		else keys.sort((x, y) => (x as number) - (y as number));
		if (desc) keys.reverse();
		const out: StoredAlert[] = [];
		for (const k of keys) {
			const b = buckets.get(k) as StoredAlert[];
			if (b.length > 1) b.sort(byRank);
			for (const a of b) out.push(a);
		}
		nulls.sort(byRank);
		for (const a of nulls) out.push(a);
		return out;
	}
	// Several keys: comparator over precomputed keys (nulls last either way), then id rank.
	const keys = sort.map((s) => list.map((a) => sortKey(a, s.field)));
	const idx = list.map((_, i) => i);
	idx.sort((x, y) => {
		for (let k = 0; k < sort.length; k++) {
			const a = keys[k][x];
			const b = keys[k][y];
			if (a === b) continue;
			if (a === null) return 1;
			if (b === null) return -1;
			const c = a < b ? -1 : 1;
			return sort[k].desc ? -c : c;
		}
		return byRank(list[x], list[y]);
	});
	return idx.map((i) => list[i]);
}

export const DEFAULT_SORT: SortSpec[] = [{ field: 'backend_timestamp', desc: true }];
export const ALERT_SORT_FIELDS = SORT_FIELDS;
