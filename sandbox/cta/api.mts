// CTA API routes (token endpoint + alert-management, threat-detection, event-detection).

import type { SandboxRequest, SandboxResponse } from '../types.mts';
import { SYNTAX_ERROR } from '../types.mts';
import type { AlertRec, CustomerData, DetectionRec, EventRec, FlowRec, StatusValue } from './model.mts';
import { RISKS, STATUSES, alertView, detectionView, eventView, flowView } from './model.mts';
import type { Pos, Sortable, SortSpec } from './paging.mts';
import { enumSort, pageInfoOf, pageOf, parseCursor, parseSize, seqSort, timeSort } from './paging.mts';
import type { CtaState } from './state.mts';
import { ApiError, badRequest, errorResponse, isRecord, notFound, parseRfc3339 } from './util.mts';

export const PREFIXES = ['/iroh/', '/alert-management/', '/threat-detection/', '/event-detection/'];
export const TOKEN_PATH = '/iroh/oauth2/token';

type Handler = (s: CtaState, req: SandboxRequest, c: CustomerData, id: string | undefined) => SandboxResponse;

interface Route {
	method: string;
	re: RegExp;
	label: string;
	params: readonly string[]; // allowed query parameters
	handler: Handler;
}

const PAGE_PARAMS = ['size', 'after', 'before', 'sort'] as const;
const C = '([^/]+)';

// ---- sorts ------------------------------------------------------------------------------

function sortTable<T extends Sortable>(specs: Array<SortSpec<T>>, aliases: Record<string, string>) {
	const m = new Map<string, SortSpec<T>>();
	for (const s of specs) m.set(s.name, s);
	for (const [alias, target] of Object.entries(aliases)) {
		const s = m.get(target);
		if (s) m.set(alias, s);
	}
	return m;
}

const ALERT_SORTS = sortTable<AlertRec>(
	[
		enumSort('risk', -1, RISKS, (a) => a.risk),
		enumSort('risk', 1, RISKS, (a) => a.risk),
		timeSort('triggeredAt', 1, (a) => a.triggeredAt),
		timeSort('triggeredAt', -1, (a) => a.triggeredAt),
		timeSort('modifiedAt', 1, (a) => a.modifiedAt),
		timeSort('modifiedAt', -1, (a) => a.modifiedAt),
	],
	{ risk: 'risk:desc', triggeredAt: 'triggeredAt:asc', modifiedAt: 'modifiedAt:asc' },
);
const DETECTION_SORTS = sortTable<DetectionRec>(
	[
		seqSort(),
		timeSort('modifiedAt', 1, (d) => d.modifiedAt),
		timeSort('modifiedAt', -1, (d) => d.modifiedAt),
		timeSort('lastActivityAt', 1, (d) => d.lastActivityAt),
		timeSort('lastActivityAt', -1, (d) => d.lastActivityAt),
	],
	{ modifiedAt: 'modifiedAt:asc', lastActivityAt: 'lastActivityAt:asc' },
);
const EVENT_SORTS = sortTable<EventRec>(
	[
		seqSort(),
		timeSort('timestamp', 1, (e) => e.timestamp),
		timeSort('timestamp', -1, (e) => e.timestamp),
		timeSort('modifiedAt', 1, (e) => e.modifiedAt),
		timeSort('modifiedAt', -1, (e) => e.modifiedAt),
	],
	{ timestamp: 'timestamp:asc', modifiedAt: 'modifiedAt:asc' },
);
const FLOW_SORTS = sortTable<FlowRec>(
	[seqSort(), timeSort('timeStamp', 1, (f) => f.timeStamp), timeSort('timeStamp', -1, (f) => f.timeStamp)],
	{ timeStamp: 'timeStamp:asc' },
);

/**
 * The doc gives only `sort=modificationSequenceNumber` for events, threat detections and flows
 * ("Only selected resources support sort=modificationSequenceNumber"): other sort values are
 * refused there, so a client relying on an undocumented sort fails in tests as it could in
 * production. Their default order (no `sort`) stays the simulator's own.
 */
const SEQUENCE_ONLY = new Set(['modificationSequenceNumber']);

function pickSort<T extends Sortable>(
	req: SandboxRequest,
	table: Map<string, SortSpec<T>>,
	def: string,
	accepted?: Set<string>,
): SortSpec<T> {
	const asked = req.query.get('sort');
	const raw = asked ?? def;
	const s = table.get(raw);
	const allowed = accepted ?? new Set(table.keys());
	if (!s || (asked !== null && !allowed.has(asked)))
		throw badRequest(`Invalid 'sort' value '${raw.slice(0, 60)}'; supported: ${[...allowed].join(', ')}`);
	return s;
}

function timeParam(req: SandboxRequest, name: string): number | undefined {
	const v = req.query.get(name);
	if (v === null) return undefined;
	const t = parseRfc3339(v);
	if (t === undefined)
		throw badRequest(
			`Invalid '${name}': expected an RFC 3339 date-time such as 2020-09-05T12:00:00Z (remember to URL-encode '+')`,
		);
	return t;
}

/** Run one page of a collection and build the documented response. */
function collection<T extends Sortable>(
	s: CtaState,
	req: SandboxRequest,
	arr: readonly T[],
	sort: SortSpec<T>,
	lookup: (id: string) => T | undefined,
	view: (t: T) => unknown,
	filter?: (t: T) => boolean,
): SandboxResponse {
	const size = parseSize(req, s.opts.sizeOverLimit);
	const a = req.query.get('after');
	const b = req.query.get('before');
	if (a !== null && b !== null) throw badRequest("Use either 'after' or 'before', not both");
	const after: Pos | undefined = a !== null ? parseCursor(sort, a, 'after', lookup) : undefined;
	const before: Pos | undefined = b !== null ? parseCursor(sort, b, 'before', lookup) : undefined;
	const page = pageOf(arr, sort, size, after, before, filter);
	return { status: 200, body: { items: page.items.map(view), pageInfo: pageInfoOf(req, sort, page) } };
}

// ---- bodies -----------------------------------------------------------------------------

function jsonObject(req: SandboxRequest): Record<string, unknown> {
	if (req.json === SYNTAX_ERROR) throw badRequest('Malformed JSON request body');
	if (req.json === undefined) throw badRequest('Request body is required');
	if (!isRecord(req.json)) throw badRequest('Request body must be a JSON object');
	return req.json;
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
	for (const k of Object.keys(obj))
		if (!allowed.includes(k))
			throw badRequest(`Unknown property '${k.slice(0, 60)}' in ${where}; allowed: ${allowed.join(', ') || '(none)'}`);
}

function searchFilter(req: SandboxRequest, allowed: readonly string[]): Record<string, Set<string>> {
	const body = jsonObject(req);
	onlyKeys(body, ['filter'], 'request body');
	const filter = body.filter;
	if (!isRecord(filter)) throw badRequest("Request body must contain a 'filter' object, e.g. {\"filter\":{}}");
	onlyKeys(filter, allowed, 'filter');
	const out: Record<string, Set<string>> = {};
	for (const k of allowed) {
		const v = filter[k];
		if (v === undefined || v === null) continue;
		if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
			throw badRequest(`'filter.${k}' must be an array of strings`);
		if (v.length > 1000)
			throw badRequest(`'filter.${k}' has ${v.length} items; the maximum is 1000 (split the request into chunks)`);
		out[k] = new Set(v as string[]);
	}
	return out;
}

function findAlert(c: CustomerData, id: string | undefined): AlertRec {
	const a = id === undefined ? undefined : c.alerts.byId.get(id);
	if (!a) throw notFound('Alert not found');
	return a;
}

// ---- handlers ---------------------------------------------------------------------------

const listAlerts: Handler = (s, req, c) => {
	const sort = pickSort(req, ALERT_SORTS, 'risk:desc');
	const ta = timeParam(req, 'triggeredAfter');
	const ma = timeParam(req, 'modifiedAfter');
	const filter =
		ta === undefined && ma === undefined
			? undefined
			: (a: AlertRec) => (ta === undefined || a.triggeredAt > ta) && (ma === undefined || a.modifiedAt > ma);
	return collection(s, req, c.alerts.sorted(sort), sort, (id) => c.alerts.byId.get(id), (a) => alertView(a, c.assetsCount(a)), filter);
};

const searchAlerts: Handler = (s, req, c) => {
	const sort = pickSort(req, ALERT_SORTS, 'risk:desc');
	const f = searchFilter(req, ['alertIds']);
	const ids = f.alertIds;
	return collection(
		s,
		req,
		c.alerts.sorted(sort),
		sort,
		(id) => c.alerts.byId.get(id),
		(a) => alertView(a, c.assetsCount(a)),
		ids ? (a) => ids.has(a.id) : undefined,
	);
};

const getAlert: Handler = (_s, _req, c, id) => {
	const a = findAlert(c, id);
	return { status: 200, body: alertView(a, c.assetsCount(a)) };
};

const patchStatus: Handler = (s, req, c, id) => {
	const body = jsonObject(req);
	if ('state' in body)
		throw badRequest(
			"The 'state' key is deprecated and no longer accepted; send {\"status\":{\"value\":\"Open\"}} instead",
		);
	onlyKeys(body, ['status'], 'request body');
	const st = body.status;
	if (!isRecord(st)) throw badRequest("'status' must be an object such as {\"value\":\"Open\"}");
	onlyKeys(st, ['value', 'closingReasons'], "'status'");
	const value = st.value;
	if (typeof value !== 'string' || !(STATUSES as readonly string[]).includes(value))
		throw badRequest(`Invalid 'status.value'; allowed values: ${STATUSES.join(', ')}`);
	let reasons: string[] | null = null;
	const cr = st.closingReasons;
	if (cr !== undefined && cr !== null) {
		if (!Array.isArray(cr) || cr.some((x) => typeof x !== 'string' || x.trim() === '' || x.length > 200) || cr.length > 20)
			throw badRequest("'status.closingReasons' must be an array of up to 20 non-empty strings");
		if (value !== 'Closed' && cr.length > 0)
			throw badRequest("'status.closingReasons' can only be set together with status value Closed");
		reasons = cr.length ? [...new Set(cr as string[])] : null;
	}
	const a = findAlert(c, id);
	const newValue = value as StatusValue;
	const changed = a.status !== newValue || JSON.stringify(a.closingReasons) !== JSON.stringify(reasons);
	a.status = newValue;
	a.closingReasons = newValue === 'Closed' ? reasons : null;
	if (changed) s.touchAlert(c, a, req.now);
	return { status: 200, body: alertView(a, c.assetsCount(a)) };
};

const patchNote: Handler = (s, req, c, id) => {
	const body = jsonObject(req);
	onlyKeys(body, ['note'], 'request body');
	const note = body.note;
	if (typeof note !== 'string')
		throw badRequest("'note' must be a string (use DELETE …/note to remove the note)");
	if (note.length > 5000) throw badRequest("'note' is too long (maximum 5000 characters)");
	const a = findAlert(c, id);
	if (a.note !== note) {
		a.note = note;
		s.touchAlert(c, a, req.now);
	}
	return { status: 200, body: alertView(a, c.assetsCount(a)) };
};

const deleteNote: Handler = (s, req, c, id) => {
	const a = findAlert(c, id);
	if (a.note !== null) {
		a.note = null;
		s.touchAlert(c, a, req.now);
	}
	return { status: 204 };
};

const modifiedAfterFilter = <T extends { modifiedAt: number }>(req: SandboxRequest) => {
	const ma = timeParam(req, 'modifiedAfter');
	return ma === undefined ? undefined : (t: T) => t.modifiedAt > ma;
};

const listDetections: Handler = (s, req, c) => {
	const sort = pickSort(req, DETECTION_SORTS, 'modifiedAt:desc', SEQUENCE_ONLY);
	return collection(s, req, c.detections.sorted(sort), sort, (id) => c.detections.byId.get(id), (d) => detectionView(d, false), modifiedAfterFilter<DetectionRec>(req));
};

const searchEnrichedDetections: Handler = (s, req, c) => {
	const sort = pickSort(req, DETECTION_SORTS, 'modifiedAt:desc', SEQUENCE_ONLY);
	const ids = searchFilter(req, ['threatDetectionIds']).threatDetectionIds;
	return collection(
		s,
		req,
		c.detections.sorted(sort),
		sort,
		(id) => c.detections.byId.get(id),
		(d) => detectionView(d, true),
		ids ? (d) => ids.has(d.id) : undefined,
	);
};

function eventList(enriched: boolean, search: boolean): Handler {
	return (s, req, c) => {
		const sort = pickSort(req, EVENT_SORTS, 'timestamp:desc', SEQUENCE_ONLY);
		const ma = modifiedAfterFilter<EventRec>(req);
		let f: ((e: EventRec) => boolean) | undefined = ma;
		if (search) {
			const flt = searchFilter(req, ['eventIds', 'threatDetectionIds']);
			const eids = flt.eventIds;
			const dids = flt.threatDetectionIds;
			if (eids || dids)
				f = (e) =>
					(!ma || ma(e)) && (!eids || eids.has(e.id)) && (!dids || e.detectionIds.some((d) => dids.has(d)));
		}
		return collection(s, req, c.events.sorted(sort), sort, (id) => c.events.byId.get(id), (e) => eventView(e, enriched), f);
	};
}

const searchFlows: Handler = (s, req, c) => {
	const sort = pickSort(req, FLOW_SORTS, 'timeStamp:desc', SEQUENCE_ONLY);
	const eids = searchFilter(req, ['eventIds']).eventIds;
	return collection(s, req, c.flows.sorted(sort), sort, (id) => c.flows.get(id), flowView, eids ? (f) => eids.has(f.event.id) : undefined);
};

const AM = `/alert-management/customer/${C}`;
const TD = `/threat-detection/customer/${C}`;
const ED = `/event-detection/customer/${C}`;
const ALERT_LIST_PARAMS = [...PAGE_PARAMS, 'triggeredAfter', 'modifiedAfter'];
const MOD_PARAMS = [...PAGE_PARAMS, 'modifiedAfter'];

function route(method: string, path: string, label: string, params: readonly string[], handler: Handler): Route {
	return { method, re: new RegExp(`^${path}$`), label: `${method} ${label}`, params, handler };
}

export const ROUTES: Route[] = [
	route('GET', `${AM}/alerts`, '/alert-management/customer/{customerId}/alerts', ALERT_LIST_PARAMS, listAlerts),
	route('POST', `${AM}/alerts/search`, '/alert-management/customer/{customerId}/alerts/search', PAGE_PARAMS, searchAlerts),
	route('GET', `${AM}/alerts/${C}`, '/alert-management/customer/{customerId}/alerts/{alertId}', [], getAlert),
	route('PATCH', `${AM}/alerts/${C}/status`, '/alert-management/customer/{customerId}/alerts/{alertId}/status', [], patchStatus),
	route('PATCH', `${AM}/alerts/${C}/note`, '/alert-management/customer/{customerId}/alerts/{alertId}/note', [], patchNote),
	route('DELETE', `${AM}/alerts/${C}/note`, '/alert-management/customer/{customerId}/alerts/{alertId}/note', [], deleteNote),
	route(
		'POST',
		`${AM}/enriched-threat-detections-with-alert-ids/search`,
		'/alert-management/customer/{customerId}/enriched-threat-detections-with-alert-ids/search',
		PAGE_PARAMS,
		searchEnrichedDetections,
	),
	route('GET', `${TD}/threat-detections`, '/threat-detection/customer/{customerId}/threat-detections', MOD_PARAMS, listDetections),
	route(
		'GET',
		`${TD}/enriched-events-with-threat-detection-ids`,
		'/threat-detection/customer/{customerId}/enriched-events-with-threat-detection-ids',
		MOD_PARAMS,
		eventList(true, false),
	),
	route('GET', `${ED}/events`, '/event-detection/customer/{customerId}/events', MOD_PARAMS, eventList(false, false)),
	route('POST', `${ED}/events/search`, '/event-detection/customer/{customerId}/events/search', MOD_PARAMS, eventList(false, true)),
	route('POST', `${ED}/flows/search`, '/event-detection/customer/{customerId}/flows/search', PAGE_PARAMS, searchFlows),
];

export function owns(path: string): boolean {
	return PREFIXES.some((p) => path.startsWith(p));
}

interface Match {
	route?: Route;
	groups: string[];
	allowed: string[];
}

export function match(req: SandboxRequest): Match {
	const allowed: string[] = [];
	for (const r of ROUTES) {
		const m = r.re.exec(req.path);
		if (!m) continue;
		if (r.method === req.method) return { route: r, groups: m.slice(1), allowed };
		allowed.push(r.method);
	}
	return { groups: [], allowed };
}

export function routeLabel(req: SandboxRequest): string | undefined {
	if (!owns(req.path)) return undefined;
	if (req.path === TOKEN_PATH) return `${req.method} ${TOKEN_PATH}`;
	const m = match(req);
	if (m.route) return m.route.label;
	for (const r of ROUTES) if (r.re.test(req.path)) return `${req.method} ${r.label.slice(r.label.indexOf(' ') + 1)}`;
	return `${req.method} ${req.path.split('/').slice(0, 2).join('/')}/* (unknown CTA route)`;
}

function methodNotAllowed(allowed: string[]): ApiError {
	return new ApiError(405, 'Method Not Allowed', 'method_not_allowed', {}, { Allow: [...new Set(allowed)].join(', ') });
}

export function handle(s: CtaState, req: SandboxRequest): SandboxResponse | undefined {
	if (!owns(req.path)) return undefined;
	try {
		if (req.path === TOKEN_PATH) {
			if (req.method !== 'POST') throw methodNotAllowed(['POST']);
			return s.auth.tokenEndpoint(req);
		}
		s.promote(req.now);
		const m = match(req);
		if (!m.route) {
			if (m.allowed.length) throw methodNotAllowed(m.allowed);
			throw notFound(`No such resource: ${req.method} ${req.path.slice(0, 200)}`);
		}
		const customerId = m.groups[0];
		s.auth.authorize(req, customerId);
		if (s.opts.strictQuery)
			for (const k of new Set(req.query.keys()))
				if (!m.route.params.includes(k))
					throw badRequest(
						`Unknown query parameter '${k.slice(0, 60)}'; supported: ${m.route.params.join(', ') || '(none)'}`,
					);
		return m.route.handler(s, req, s.customer(customerId), m.groups[1]);
	} catch (e) {
		if (e instanceof ApiError) return errorResponse(e);
		throw e;
	}
}
