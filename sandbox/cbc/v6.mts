// Legacy Alerts v6 (appservices/v6) views of the same alert store. Deprecated by the vendor; kept for mirrors.

import type { SandboxResponse } from '../types.mts';
import type { StoredAlert } from './data.mts';
import { ApiError, badRequest, enumError, invalidValue, notFound, unexpectedProperty } from './errors.mts';
import { applyWorkflow, type WorkflowChange } from './jobs.mts';
import { compileQuery, QueryError, toMs } from './query.mts';
import { parseRelative, readBody, WINDOW_LIMIT, type Body, type Pred } from './search.mts';
import type { Call } from './v7.mts';

export const PATHWAYS = ['cbanalytics', 'vmware', 'watchlist'] as const;
type Pathway = (typeof PATHWAYS)[number] | undefined;

const ok = (body: unknown, status = 200): SandboxResponse => ({ status, body });

const V6_TYPE: Record<string, string> = {
	CB_ANALYTICS: 'CB_ANALYTICS',
	WATCHLIST: 'WATCHLIST',
	DEVICE_CONTROL: 'DEVICE_CONTROL',
	CONTAINER_RUNTIME: 'CONTAINER_RUNTIME',
	HOST_BASED_FIREWALL: 'VMWARE',
	INTRUSION_DETECTION_SYSTEM: 'VMWARE',
	NETWORK_TRAFFIC_ANALYSIS: 'VMWARE',
};
const V6_TYPES = ['CB_ANALYTICS', 'VMWARE', 'WATCHLIST', 'DEVICE_CONTROL', 'CONTAINER_RUNTIME'];
const PATHWAY_TYPE: Record<string, string> = { cbanalytics: 'CB_ANALYTICS', vmware: 'VMWARE', watchlist: 'WATCHLIST' };

const v6Type = (a: StoredAlert): string => V6_TYPE[a.doc.type] ?? a.doc.type;
const v6State = (a: StoredAlert): string => (a.doc.workflow.status === 'CLOSED' ? 'DISMISSED' : 'OPEN');
const category = (a: StoredAlert): string => (a.doc.severity >= 5 ? 'THREAT' : 'MONITORED');

export function v6Workflow(a: StoredAlert): Record<string, unknown> {
	return {
		changed_by: a.doc.workflow.changed_by,
		comment: a.v6Comment,
		last_update_time: a.doc.workflow.change_timestamp,
		remediation: a.v6Remediation,
		state: v6State(a),
	};
}

/** The v6 representation of a stored alert. */
export function toV6(a: StoredAlert): Record<string, unknown> {
	const d = a.doc;
	const out: Record<string, unknown> = {
		type: v6Type(a),
		id: d.id,
		legacy_alert_id: a.legacyId,
		org_key: d.org_key,
		create_time: d.backend_timestamp,
		last_update_time: d.backend_update_timestamp,
		first_event_time: d.first_event_timestamp,
		last_event_time: d.last_event_timestamp,
		threat_id: d.threat_id,
		severity: d.severity,
		category: category(a),
		device_id: d.device_id,
		device_os: d.device_os,
		device_os_version: d.device_os_version,
		device_name: d.device_name,
		device_username: d.device_username,
		policy_id: d.device_policy_id,
		policy_name: d.device_policy,
		target_value: d.device_target_value,
		workflow: v6Workflow(a),
		notes_present: d.alert_notes_present,
		tags: d.tags,
		reason: d.reason,
		reason_code: d.reason_code,
		process_name: d.process_name ?? null,
		device_location: d.device_location,
		created_by_event_id: d.primary_event_id,
	};
	if (d.type === 'CB_ANALYTICS') {
		Object.assign(out, {
			policy_applied: d.policy_applied,
			run_state: d.run_state,
			sensor_action: d.sensor_action,
			threat_activity_dlp: 'NOT_ATTEMPTED',
			threat_activity_phish: 'NOT_ATTEMPTED',
			threat_activity_c2: 'NOT_ATTEMPTED',
			threat_cause_actor_sha256: d.process_sha256,
			threat_cause_actor_name: d.process_name,
			threat_cause_reputation: d.process_reputation,
			threat_cause_threat_category: d.severity >= 7 ? 'KNOWN_MALWARE' : 'NON_MALWARE',
			threat_cause_vector: 'UNKNOWN',
			blocked_threat_category: d.policy_applied === 'APPLIED' ? 'NON_MALWARE' : 'UNKNOWN',
			not_blocked_threat_category: d.policy_applied === 'APPLIED' ? 'UNKNOWN' : 'NON_MALWARE',
			kill_chain_status: ['EXECUTE_GOAL'],
			threat_indicators: (d.ttps ?? []).map((t: string) => ({ process_name: d.process_name, sha256: d.process_sha256, ttps: [t] })),
		});
	} else if (d.type === 'WATCHLIST') {
		Object.assign(out, {
			report_id: d.report_id,
			report_name: d.report_name,
			watchlists: d.watchlists,
			ioc_id: d.ioc_id,
			ioc_hit: d.ioc_hit,
			process_guid: d.process_guid,
			threat_cause_actor_sha256: d.process_sha256,
			threat_cause_actor_name: d.process_name,
			count: 1,
		});
	} else if (out.type === 'VMWARE') {
		Object.assign(out, { group_id: d.rule_id ?? d.tms_rule_id ?? null, threat_name: d.threat_name ?? d.rule_name ?? null });
	}
	return out;
}

// ---- criteria ----

// Allowed criteria per the v6 doc's Body Schema tables: _search lists more than _facet and
// workflow/_criteria (which share one list); each pathway adds its own (EXTRA).
const BASE_CRITERIA = [
	'target_value', 'not_blocked_threat_category', 'device_os_version', 'policy_id', 'minimum_severity', 'legacy_alert_id', 'tag', 'id',
	'run_state', 'threat_cause_vector', 'device_username', 'threat_id', 'device_id', 'device_os', 'create_time', 'kill_chain_status',
	'group_results', 'process_sha256', 'policy_name', 'reputation', 'type', 'category', 'workflow', 'reason_code', 'device_name',
	'process_name', 'blocked_threat_category', 'device_location', 'sensor_action', 'policy_applied',
];
const FACET_BULK_CRITERIA = [
	'threat_id', 'target_value', 'device_id', 'device_os_version', 'policy_id', 'device_os', 'minimum_severity', 'create_time',
	'legacy_alert_id', 'group_results', 'process_sha256', 'policy_name', 'reputation', 'type', 'id', 'category', 'device_username',
	'device_name', 'tag', 'workflow', 'process_name',
];
type Route = 'search' | 'facet' | 'bulk';
const EXTRA: Record<string, string[]> = {
	cbanalytics: ['blocked_threat_category', 'policy_applied', 'sensor_action', 'device_location', 'reason_code', 'kill_chain_status', 'not_blocked_threat_category', 'run_state', 'threat_cause_vector'],
	vmware: ['group_id'],
	watchlist: ['report_id', 'watchlist_name', 'report_name', 'watchlist_id'],
};
const ENUMS: Record<string, string[]> = {
	workflow: ['OPEN', 'DISMISSED'],
	category: ['THREAT', 'MONITORED', 'INFO', 'MINOR', 'SERIOUS', 'CRITICAL'],
	type: V6_TYPES,
	target_value: ['LOW', 'MEDIUM', 'HIGH', 'MISSION_CRITICAL'],
};

const GETTERS: Record<string, (a: StoredAlert) => unknown> = {
	target_value: (a) => a.doc.device_target_value,
	device_os_version: (a) => a.doc.device_os_version,
	policy_id: (a) => a.doc.device_policy_id,
	legacy_alert_id: (a) => a.legacyId,
	tag: (a) => a.doc.tags,
	id: (a) => a.doc.id,
	run_state: (a) => a.doc.run_state,
	device_username: (a) => a.doc.device_username,
	threat_id: (a) => a.doc.threat_id,
	device_id: (a) => a.doc.device_id,
	device_os: (a) => a.doc.device_os,
	process_sha256: (a) => a.doc.process_sha256,
	policy_name: (a) => a.doc.device_policy,
	reputation: (a) => a.doc.process_reputation,
	type: v6Type,
	category,
	workflow: v6State,
	reason_code: (a) => a.doc.reason_code,
	device_name: (a) => a.doc.device_name,
	process_name: (a) => a.doc.process_name,
	device_location: (a) => a.doc.device_location,
	sensor_action: (a) => a.doc.sensor_action,
	policy_applied: (a) => a.doc.policy_applied,
	threat_cause_vector: (a) => (a.doc.type === 'CB_ANALYTICS' ? 'UNKNOWN' : null),
	kill_chain_status: (a) => (a.doc.type === 'CB_ANALYTICS' ? ['EXECUTE_GOAL'] : null),
	blocked_threat_category: (a) => (toV6(a).blocked_threat_category as string | undefined) ?? null,
	not_blocked_threat_category: (a) => (toV6(a).not_blocked_threat_category as string | undefined) ?? null,
	report_id: (a) => a.doc.report_id,
	report_name: (a) => a.doc.report_name,
	watchlist_id: (a) => a.doc.watchlists?.map((w: { id: string }) => w.id),
	watchlist_name: (a) => a.doc.watchlists?.map((w: { name: string }) => w.name),
	group_id: (a) => a.doc.rule_id ?? a.doc.tms_rule_id,
};

function timePred(v: unknown, field: string, now: number, get: (a: StoredAlert) => number): Pred | undefined {
	if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`criteria.${field}`, `criteria.${field} must be an object`);
	const o = v as Body;
	for (const k of Object.keys(o)) if (!['all_time', 'start', 'end', 'range'].includes(k)) throw unexpectedProperty(k, ['all_time', 'end', 'range', 'start']);
	if (o.all_time === true) return undefined;
	let s: number;
	let e: number;
	if (o.range !== undefined) {
		if (o.start !== undefined || o.end !== undefined) throw badRequest('INVALID_TIME_RANGE', `criteria.${field}: range cannot be combined with start/end`);
		s = now - parseRelative(o.range, `criteria.${field}`);
		e = now;
	} else {
		s = o.start === undefined ? -Infinity : Date.parse(String(o.start));
		e = o.end === undefined ? Infinity : Date.parse(String(o.end));
		if (Number.isNaN(s) || Number.isNaN(e)) throw badRequest('INVALID_TIME_RANGE', `criteria.${field}: start/end must be ISO 8601 timestamps`);
	}
	return (a) => {
		const t = get(a);
		return t >= s && t <= e;
	};
}

function parseCriteria(v: unknown, pathway: Pathway, route: Route, now: number): Pred[] {
	if (v === undefined || v === null) return [];
	if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue('criteria', 'criteria must be an object');
	const allowed = [...new Set([...(route === 'search' ? BASE_CRITERIA : FACET_BULK_CRITERIA), ...(pathway ? EXTRA[pathway] : [])])];
	const preds: Pred[] = [];
	for (const [field, value] of Object.entries(v as Body)) {
		if (!allowed.includes(field))
			throw badRequest('INVALID_CRITERIA', `Criteria field ${field} is not supported on ${pathway ? `the ${pathway} pathway` : 'this route'}`, { field: `criteria.${field}`, allowed_values: allowed });
		if (field === 'group_results') continue;
		if (field === 'minimum_severity') {
			const n = Number(value);
			if (!Number.isInteger(n)) throw invalidValue('criteria.minimum_severity', 'minimum_severity must be an integer');
			preds.push((a) => a.doc.severity >= n);
			continue;
		}
		if (field === 'create_time') {
			const p = timePred(value, field, now, (a) => a.ts);
			if (p) preds.push(p);
			continue;
		}
		if (!Array.isArray(value)) throw invalidValue(`criteria.${field}`, `criteria.${field} must be an array`);
		const en = ENUMS[field];
		const vals = value.map((x) => (field === 'workflow' && typeof x === 'string' ? x.toUpperCase() : x));
		if (en) for (const x of vals) if (typeof x !== 'string' || !en.includes(x)) throw enumError(`criteria.${field}`, x, en);
		const set = new Set(vals.map((x) => String(x).toLowerCase()));
		const get = GETTERS[field];
		preds.push((a) => {
			const x = get(a);
			const xs = Array.isArray(x) ? x : [x];
			return xs.some((y) => y !== null && y !== undefined && set.has(String(y).toLowerCase()));
		});
	}
	return preds;
}

function pathwayOf(c: Call): Pathway {
	const segs = c.req.path.split('/');
	const i = segs.indexOf('alerts');
	const p = segs[i + 1];
	return (PATHWAYS as readonly string[]).includes(p) ? (p as Pathway) : undefined;
}

function queryPred(q: unknown): Pred | undefined {
	if (q === undefined || q === null || q === '') return undefined;
	if (typeof q !== 'string') throw invalidValue('query', 'query must be a string');
	try {
		return compileQuery(q);
	} catch (e) {
		if (!(e instanceof QueryError)) throw e;
		throw new ApiError(400, { error_code: 'INVALID_QUERY', message: `Invalid query: ${e.message}`, reason: e.kind === 'syntax' ? 'query_malformed_syntax' : 'query_invalid_field' });
	}
}

function selectV6(c: Call, body: Body, pathway: Pathway, route: Route): StoredAlert[] {
	const preds = parseCriteria(body.criteria, pathway, route, c.req.now);
	const q = queryPred(body.query);
	if (q) preds.push(q);
	const type = pathway ? PATHWAY_TYPE[pathway] : undefined;
	const now = c.req.now;
	const out: StoredAlert[] = [];
	const store = c.state.store;
	store.ensureSorted();
	for (const a of store.sorted) {
		if (a.visibleAt > now || a.ts > now) continue;
		if (type && v6Type(a) !== type) continue;
		if (preds.every((p) => p(a))) out.push(a);
	}
	return out;
}

// ---- routes ----

// sort.field allows only these four (v6 doc); without a sort, results come newest first.
const SORT_KEYS: Record<string, (a: StoredAlert) => number> = {
	first_event_time: (a) => toMs(a.doc.first_event_timestamp),
	last_event_time: (a) => toMs(a.doc.last_event_timestamp),
	severity: (a) => a.doc.severity,
	target_value: (a) => ({ LOW: 1, MEDIUM: 2, HIGH: 3, MISSION_CRITICAL: 4 })[a.doc.device_target_value as string] ?? 0,
};
const DEFAULT_SORT = { key: (a: StoredAlert) => a.ts, desc: true };

export function search(c: Call): SandboxResponse {
	const body = readBody(c.req.json, ['criteria', 'query', 'rows', 'sort', 'start']);
	const pathway = pathwayOf(c);
	const start = body.start === undefined ? 0 : Number(body.start);
	const rows = body.rows === undefined ? 20 : Number(body.rows);
	if (!Number.isInteger(start) || start < 0) throw invalidValue('start', 'start must be a whole number >= 0');
	if (!Number.isInteger(rows) || rows < 0) throw invalidValue('rows', 'rows must be a whole number >= 0');
	if (start + rows > WINDOW_LIMIT) throw badRequest('INVALID_PAGINATION', `start + rows must not exceed ${WINDOW_LIMIT}; narrow the search to read further`, { field: 'start' });
	const explicit = (Array.isArray(body.sort) ? body.sort : body.sort ? [body.sort] : []).map((s: Body) => {
		const f = String(s?.field ?? '').toLowerCase();
		if (!SORT_KEYS[f]) throw enumError('sort.field', s?.field, Object.keys(SORT_KEYS));
		const o = String(s?.order ?? 'ASC').toUpperCase();
		if (o !== 'ASC' && o !== 'DESC') throw enumError('sort.order', s?.order, ['ASC', 'DESC']);
		return { key: SORT_KEYS[f], desc: o === 'DESC' };
	});
	const sorts = explicit.length ? explicit : [DEFAULT_SORT];
	const list = selectV6(c, body, pathway, 'search');
	const keyed = list.map((a) => ({ a, k: sorts.map((s) => s.key(a)) }));
	keyed.sort((x, y) => {
		for (let i = 0; i < sorts.length; i++) if (x.k[i] !== y.k[i]) return (x.k[i] < y.k[i] ? -1 : 1) * (sorts[i].desc ? -1 : 1);
		return x.a.doc.id < y.a.doc.id ? -1 : 1;
	});
	// v6 `start` is zero-based (doc default 0), unlike v7's one-based start.
	return ok({ results: keyed.slice(start, start + rows).map((x) => toV6(x.a)), num_found: list.length, num_available: Math.min(list.length, WINDOW_LIMIT) });
}

const FACET_FIELDS: Record<string, (a: StoredAlert) => unknown> = {
	policy_applied_state: (a) => a.doc.policy_applied,
	device_id: (a) => a.doc.device_id,
	policy_id: (a) => a.doc.device_policy_id,
	policy_applied: (a) => a.doc.policy_applied,
	status: v6State,
	device_name: (a) => a.doc.device_name,
	policy_name: (a) => a.doc.device_policy,
	reputation: (a) => a.doc.process_reputation,
	tag: (a) => a.doc.tags,
	sensor_action: (a) => a.doc.sensor_action,
	run_state: (a) => a.doc.run_state,
	category,
	workflow: v6State,
	application_name: (a) => a.doc.process_name,
	application_hash: (a) => a.doc.process_sha256,
	alert_type: v6Type,
};

export function facet(c: Call): SandboxResponse {
	const body = readBody(c.req.json, ['criteria', 'query', 'terms']);
	const terms = body.terms as Body | undefined;
	if (!terms || !Array.isArray(terms.fields) || terms.fields.length === 0) throw invalidValue('terms.fields', 'terms.fields is required');
	const rows = terms.rows === undefined ? 20 : Number(terms.rows);
	const fields = terms.fields.map((f) => {
		const lf = String(f).toLowerCase();
		if (!FACET_FIELDS[lf]) throw enumError('terms.fields', f, Object.keys(FACET_FIELDS).map((x) => x.toUpperCase()));
		return lf;
	});
	const list = selectV6(c, body, pathwayOf(c), 'facet');
	const results = fields.map((field) => {
		const counts = new Map<string, number>();
		if (field === 'alert_type') for (const t of V6_TYPES) counts.set(t, 0);
		for (const a of list) {
			const v = FACET_FIELDS[field](a);
			for (const x of Array.isArray(v) ? v : [v]) if (x !== null && x !== undefined && x !== '') counts.set(String(x), (counts.get(String(x)) ?? 0) + 1);
		}
		const values = [...counts.entries()]
			.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
			.slice(0, rows)
			.map(([id, total]) => ({ total, id, name: id }));
		return { field, values };
	});
	return ok({ results });
}

export function getAlert(c: Call): SandboxResponse {
	const a = c.state.store.byId.get(c.params[0]);
	if (!a || a.visibleAt > c.req.now) throw notFound(`Alert ${c.params[0]} not found`);
	return ok(toV6(a));
}

function parseState(v: unknown): string | undefined {
	if (v === undefined || v === null) return undefined;
	const s = typeof v === 'string' ? v.toUpperCase() : '';
	if (s !== 'OPEN' && s !== 'DISMISSED') throw enumError('state', v, ['OPEN', 'DISMISSED']);
	return s;
}

function changeFrom(body: Body): WorkflowChange {
	const state = parseState(body.state);
	for (const k of ['comment', 'remediation_state'])
		if (body[k] !== undefined && body[k] !== null && typeof body[k] !== 'string') throw invalidValue(k, `${k} must be a string`);
	return {
		status: state === undefined ? undefined : state === 'DISMISSED' ? 'CLOSED' : 'OPEN',
		closure_reason: state === 'DISMISSED' ? 'OTHER' : state === 'OPEN' ? 'NO_REASON' : undefined,
		v6Comment: (body.comment as string | undefined) ?? null,
		v6Remediation: (body.remediation_state as string | undefined) ?? null,
	};
}

export function singleWorkflow(c: Call): SandboxResponse {
	const a = c.state.store.byId.get(c.params[0]);
	if (!a || a.visibleAt > c.req.now) throw notFound(`Alert ${c.params[0]} not found`);
	const body = readBody(c.req.json, ['state', 'comment', 'remediation_state']);
	applyWorkflow(c.state.store, a, changeFrom(body), c.req.now, c.key.apiId);
	return ok(v6Workflow(a));
}

export function bulkWorkflow(c: Call): SandboxResponse {
	const body = readBody(c.req.json, ['state', 'comment', 'criteria', 'query', 'remediation_state']);
	const change = changeFrom(body);
	const alerts = selectV6(c, body, pathwayOf(c), 'bulk');
	const job = c.state.jobs.create(c.state.store, 'v6', c.org, c.key.apiId, body, alerts, change, c.req.now);
	return ok({ request_id: job.requestId });
}

export function workflowStatus(c: Call): SandboxResponse {
	const j = c.state.jobs.get('v6', c.params[0], c.org, c.req.now);
	if (!j) throw notFound(`Workflow request ${c.params[0]} not found`);
	return ok(c.state.jobs.v6View(j, c.req.now));
}

const V6_SUGGESTIONS: [string, number][] = [
	['threat_category', 525], ['watchlist_name', 512], ['ttp', 486], ['run_state', 481], ['device_name', 477], ['alert_id', 472],
	['event_id', 472], ['threat_vector', 468], ['device_username', 461], ['report_id', 458], ['process_guid', 431], ['process_name', 431],
	['sensor_action', 424], ['alert_severity', 419], ['device_id', 412], ['device_os', 412], ['device_policy', 401], ['process_pid', 311],
	['process_hash', 306], ['process_reputation', 287],
];

export function suggestions(c: Call): SandboxResponse {
	const q = c.req.query.get('suggest.q');
	if (q === null) throw badRequest('INVALID_VALUE', 'suggest.q parameter is required (use suggest.q= for all key suggestions)', { field: 'suggest.q' });
	const lq = q.toLowerCase();
	return ok({ suggestions: V6_SUGGESTIONS.filter(([t]) => t.includes(lq)).map(([term, weight]) => ({ term, weight })) });
}

