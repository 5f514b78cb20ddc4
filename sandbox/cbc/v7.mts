// Alerts v7 routes: search/get/facet/histogram/validate/suggestions/history, grouped alerts, notes, threats, workflow.

import type { SandboxRequest, SandboxResponse } from '../types.mts';
import type { AlertStore, Note, StoredAlert, Threat } from './data.mts';
import { ApiError, badRequest, enumError, invalidValue, notFound } from './errors.mts';
import { ALL_FIELD_NAMES, FACET_FIELDS, FIELDS, SORT_FIELDS } from './fields.mts';
import type { Jobs } from './jobs.mts';
import type { ApiKey } from './auth.mts';
import { toMs } from './query.mts';
import * as C from './catalog.mts';
import { DEFAULT_SORT, WINDOW_LIMIT, parsePaging, parseSort, parseSpec, readBody, select, selectPage, type Body, type SearchSpec } from './search.mts';

export interface CbcState {
	store: AlertStore;
	jobs: Jobs;
}

export interface Call {
	req: SandboxRequest;
	org: string;
	params: string[];
	key: ApiKey;
	state: CbcState;
}

const ok = (body: unknown, status = 200): SandboxResponse => ({ status, body });
const iso = (ms: number): string => new Date(ms).toISOString();

const SEARCH_PROPS = ['start', 'exclusions', 'query', 'rows', 'time_range', 'sort', 'criteria'];
const FACET_PROPS = ['query', 'time_range', 'criteria', 'exclusions', 'terms', 'filter_values'];
const HISTO_PROPS = ['query', 'time_range', 'criteria', 'exclusions', 'field', 'bucket_size', 'min_count'];
const WORKFLOW_PROPS = ['query', 'time_range', 'criteria', 'exclusions', 'determination', 'closure_reason', 'status', 'note'];
const GROUP_SORT_FIELDS = ['first_alert_timestamp', 'last_alert_timestamp', 'highest_severity', 'count', 'device_count', 'workload_count'];
const HISTO_FIELDS = ['BACKEND_TIMESTAMP', 'BACKEND_UPDATE_TIMESTAMP', 'FIRST_EVENT_TIMESTAMP', 'LAST_EVENT_TIMESTAMP'];
const NOTE_SORT_FIELDS = ['create_timestamp', 'last_update_timestamp', 'author', 'source'];
const NOTE_MAX = 20_000;

// ---- lookups ----

export function findAlert(c: Call, id: string): StoredAlert {
	const a = c.state.store.byId.get(id);
	if (!a || a.visibleAt > c.req.now)
		throw notFound(`Failed to look up alert, orgKey: ${c.org}, alert id: ${id}`, { org_key: c.org, resource_type: 'Alert' });
	return a;
}

function findThreat(c: Call, id: string): Threat {
	const threats = c.state.store.threats;
	let t = threats.get(id);
	if (!t) for (const x of threats.values()) if (x.id.toLowerCase() === id.toLowerCase()) t = x;
	if (!t) throw notFound(`Failed to look up threat, orgKey: ${c.org}, threat id: ${id}`, { org_key: c.org, resource_type: 'Threat' });
	return t;
}

// ---- search ----

export function search(c: Call): SandboxResponse {
	const body = readBody(c.req.json, SEARCH_PROPS);
	const spec = parseSpec(body, c.req.now);
	const sort = parseSort(body.sort, SORT_FIELDS, DEFAULT_SORT);
	const { start, rows } = parsePaging(body);
	const { page, found } = selectPage(c.state.store, spec, c.req.now, sort, start, rows, () => c.state.store.ensureRanks());
	return ok({ results: page.map((a) => a.doc), num_found: found, num_available: Math.min(found, WINDOW_LIMIT) });
}

export function validate(c: Call): SandboxResponse {
	const body = readBody(c.req.json, SEARCH_PROPS);
	const spec = parseSpec(body, c.req.now);
	parseSort(body.sort, SORT_FIELDS, DEFAULT_SORT);
	parsePaging(body);
	const parts = [`backend_timestamp:[${iso(spec.from)} TO ${iso(spec.to)}]`];
	if (typeof body.query === 'string' && body.query.trim()) parts.push(`(${body.query})`);
	for (const where of ['criteria', 'exclusions'] as const) {
		const o = body[where] as Body | undefined;
		for (const [k, v] of Object.entries(o ?? {}))
			parts.push(`${where === 'exclusions' ? '-' : ''}${k}:${Array.isArray(v) ? `(${v.map((x) => JSON.stringify(x)).join(' OR ')})` : JSON.stringify(v)}`);
	}
	return ok({ valid: true, value_search_query: parts.join(' AND ') });
}

export function getAlert(c: Call): SandboxResponse {
	return ok(findAlert(c, c.params[0]).doc);
}

export function history(c: Call): SandboxResponse {
	const a = findAlert(c, c.params[0]);
	const created = {
		type: 'USER_WORKFLOW_UPDATE',
		workflow: { change_timestamp: a.doc.backend_timestamp, changed_by_type: 'SYSTEM', changed_by: 'ALERT_CREATION', closure_reason: 'NO_REASON', status: 'OPEN' },
	};
	return ok({ history: [created, ...a.history] });
}

export function suggestions(c: Call): SandboxResponse {
	const q = c.req.query.get('query');
	if (q === null) throw badRequest('INVALID_VALUE', 'query parameter is required', { field: 'query' });
	const countRaw = c.req.query.get('count');
	const count = countRaw === null ? 5 : Number(countRaw);
	if (!Number.isInteger(count) || count < 1) throw invalidValue('count', 'count must be a positive integer');
	const lq = q.toLowerCase();
	const starts = ALL_FIELD_NAMES.filter((f) => f.startsWith(lq));
	const contains = ALL_FIELD_NAMES.filter((f) => !f.startsWith(lq) && f.includes(lq));
	return ok({ suggestions: [...starts, ...contains].slice(0, count).map((term) => ({ term })) });
}

// ---- facets ----

interface Terms {
	fields: string[];
	rows: number;
}

function parseTerms(v: unknown): Terms {
	if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidValue('terms', 'terms is required: { "fields": [ ... ], "rows": n }');
	const t = v as Body;
	for (const k of Object.keys(t)) if (k !== 'fields' && k !== 'rows') throw badRequest('UNEXPECTED_PROPERTY', `Malformed JSON input: terms.${k}`, { field: `terms.${k}`, property_name: k, known_properties: ['rows', 'fields'] });
	if (!Array.isArray(t.fields) || t.fields.length === 0) throw invalidValue('terms.fields', 'terms.fields must be a non-empty array of field names');
	const fields = t.fields.map((f) => {
		const lf = typeof f === 'string' ? f.toLowerCase() : '';
		if (!FACET_FIELDS.includes(lf)) throw enumError('terms.fields', f, FACET_FIELDS);
		return lf;
	});
	const rows = t.rows === undefined ? 20 : Number(t.rows);
	if (!Number.isInteger(rows) || rows < 0) throw invalidValue('terms.rows', 'terms.rows must be a whole number >= 0');
	return { fields, rows };
}

type Counter = Map<string, Set<string> | number>;

function facetValues(counts: Map<string, number>, rows: number): { total: number; id: string; name: string }[] {
	return [...counts.entries()]
		.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
		.slice(0, rows)
		.map(([id, total]) => ({ total, id, name: id }));
}

/** Count each value of `field` over alerts; grouped=true counts distinct threat groups instead. */
function countField(list: StoredAlert[], field: string, grouped: boolean): Map<string, number> {
	const get = FIELDS[field].get;
	const tmp: Counter = new Map();
	for (const a of list) {
		const v = get(a);
		const vals = Array.isArray(v) ? v : [v];
		for (const x of vals) {
			if (x === null || x === undefined || x === '') continue;
			const k = String(x);
			if (grouped) {
				let s = tmp.get(k) as Set<string> | undefined;
				if (!s) tmp.set(k, (s = new Set()));
				s.add(a.doc.threat_id);
			} else tmp.set(k, ((tmp.get(k) as number | undefined) ?? 0) + 1);
		}
	}
	const out = new Map<string, number>();
	for (const [k, v] of tmp) out.set(k, typeof v === 'number' ? v : v.size);
	return out;
}

function facetCommon(c: Call, body: Body, grouped: boolean): SandboxResponse {
	const spec = parseSpec(body, c.req.now);
	const terms = parseTerms(body.terms);
	const filterValues = body.filter_values === true || body.filter_values === 'true';
	const all = select(c.state.store, spec, c.req.now);
	const results = terms.fields.map((field) => {
		const list = !filterValues && spec.criteria.has(field) ? select(c.state.store, spec, c.req.now, field) : all;
		return { field, values: facetValues(countField(list, field, grouped), terms.rows) };
	});
	return ok({ results });
}

export function facet(c: Call): SandboxResponse {
	return facetCommon(c, readBody(c.req.json, FACET_PROPS), false);
}

// ---- histogram ----

function histogramCommon(c: Call, body: Body, grouped: boolean): SandboxResponse {
	const spec: SearchSpec = parseSpec(body, c.req.now);
	const fieldRaw = body.field ?? 'BACKEND_TIMESTAMP';
	const field = typeof fieldRaw === 'string' ? fieldRaw.toUpperCase() : '';
	if (!HISTO_FIELDS.includes(field)) throw enumError('field', fieldRaw, HISTO_FIELDS);
	const bs = body.bucket_size ?? '+1DAY';
	const m = typeof bs === 'string' ? /^\+(\d+)(MINUTE|HOUR|DAY)$/i.exec(bs) : null;
	if (!m || Number(m[1]) < 1)
		throw badRequest('INVALID_VALUE', `Invalid bucket_size ${JSON.stringify(bs)}: expected +<quantity><MINUTE|HOUR|DAY>, e.g. +1DAY`, { field: 'bucket_size' });
	const unit = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 }[m[2].toUpperCase() as 'MINUTE' | 'HOUR' | 'DAY'];
	const step = Number(m[1]) * unit;
	const minCount = body.min_count === undefined ? 0 : Number(body.min_count);
	if (!Number.isInteger(minCount) || minCount < 0) throw invalidValue('min_count', 'min_count must be a whole number >= 0');
	const start = Math.floor(spec.from / unit) * unit;
	const nBuckets = Math.floor((spec.to - start) / step) + 1;
	if (nBuckets > 100_000) throw invalidValue('bucket_size', 'Too many buckets for the time range; use a larger bucket_size');
	const counts = new Array<number>(nBuckets).fill(0);
	const groups = grouped ? Array.from({ length: nBuckets }, () => new Set<string>()) : [];
	const docField = field.toLowerCase();
	for (const a of select(c.state.store, spec, c.req.now)) {
		const t = field === 'BACKEND_TIMESTAMP' ? a.ts : toMs(a.doc[docField]);
		const i = Math.floor((t - start) / step);
		if (!(i >= 0 && i < nBuckets)) continue;
		if (grouped) groups[i].add(a.doc.threat_id);
		else counts[i]++;
	}
	const results = [];
	for (let i = 0; i < nBuckets; i++) {
		const total = grouped ? groups[i].size : counts[i];
		if (total >= minCount) results.push({ step_start: iso(start + i * step), total });
	}
	return ok({ start: iso(start), end: iso(start + (nBuckets - 1) * step), results });
}

export function histogram(c: Call): SandboxResponse {
	return histogramCommon(c, readBody(c.req.json, HISTO_PROPS), false);
}

// ---- grouped alerts ----

function checkGroupBy(v: unknown): void {
	if (v === undefined) return;
	const f = v && typeof v === 'object' ? (v as Body).field : undefined;
	if (typeof f !== 'string' || f.toLowerCase() !== 'threat_id') throw enumError('group_by.field', f ?? null, ['threat_id']);
}

interface Group {
	threatId: string;
	alerts: StoredAlert[];
}

function groupAlerts(list: StoredAlert[]): Group[] {
	const m = new Map<string, Group>();
	for (const a of list) {
		let g = m.get(a.doc.threat_id);
		if (!g) m.set(a.doc.threat_id, (g = { threatId: a.doc.threat_id, alerts: [] }));
		g.alerts.push(a);
	}
	return [...m.values()];
}

function groupView(store: AlertStore, g: Group): Record<string, unknown> {
	const inc = (o: Record<string, number>, k: string): void => {
		o[k] = (o[k] ?? 0) + 1;
	};
	const workflow_states: Record<string, number> = {};
	const determination_values: Record<string, number> = {};
	const ml: Record<string, number> = {};
	const devices = new Set<number>();
	const workloads = new Set<string>();
	let first = Infinity;
	let last = -Infinity;
	let sev = 0;
	let applied = false;
	let recent = g.alerts[0];
	for (const a of g.alerts) {
		const d = a.doc;
		inc(workflow_states, d.workflow.status);
		inc(determination_values, d.determination?.value ?? 'NONE');
		inc(ml, d.ml_classification_final_verdict);
		if (d.device_id) devices.add(d.device_id);
		if (d.workload_name) workloads.add(d.workload_name);
		const fe = toMs(d.first_event_timestamp);
		first = Math.min(first, fe);
		last = Math.max(last, fe);
		sev = Math.max(sev, d.severity);
		applied ||= d.policy_applied === 'APPLIED';
		if (a.ts > recent.ts || (a.ts === recent.ts && d.id > recent.doc.id)) recent = a;
	}
	const threat = store.threats.get(g.threatId);
	return {
		count: g.alerts.length,
		workflow_states,
		determination_values,
		ml_classification_final_verdicts: ml,
		first_alert_timestamp: iso(first),
		last_alert_timestamp: iso(last),
		highest_severity: sev,
		policy_applied: applied ? 'APPLIED' : 'NOT_APPLIED',
		threat_notes_present: (threat?.notes.length ?? 0) > 0,
		tags: threat ? [...threat.tags] : [],
		device_count: devices.size,
		workload_count: workloads.size,
		most_recent_alert: recent.doc,
	};
}

export function groupedSearch(c: Call): SandboxResponse {
	const body = readBody(c.req.json, [...SEARCH_PROPS, 'group_by']);
	checkGroupBy(body.group_by);
	const spec = parseSpec(body, c.req.now);
	const sort = parseSort(body.sort, GROUP_SORT_FIELDS, [{ field: 'count', desc: true }]);
	const { start, rows } = parsePaging(body);
	const list = select(c.state.store, spec, c.req.now);
	const views = groupAlerts(list).map((g) => groupView(c.state.store, g));
	views.sort((x, y) => {
		for (const s of sort) {
			const a = x[s.field] as number | string;
			const b = y[s.field] as number | string;
			if (a !== b) return (a < b ? -1 : 1) * (s.desc ? -1 : 1);
		}
		const ia = (x.most_recent_alert as { threat_id: string }).threat_id;
		const ib = (y.most_recent_alert as { threat_id: string }).threat_id;
		return ia < ib ? -1 : ia > ib ? 1 : 0;
	});
	return ok({
		num_found: views.length,
		num_available: Math.min(views.length, WINDOW_LIMIT),
		results: views.slice(start - 1, start - 1 + rows),
		group_by_total_count: list.length,
	});
}

export function groupedFacet(c: Call): SandboxResponse {
	const body = readBody(c.req.json, [...FACET_PROPS, 'group_by']);
	checkGroupBy(body.group_by);
	return facetCommon(c, body, true);
}

export function groupedHistogram(c: Call): SandboxResponse {
	const body = readBody(c.req.json, [...HISTO_PROPS, 'group_by']);
	checkGroupBy(body.group_by);
	return histogramCommon(c, body, true);
}

// ---- notes ----

function parseNote(c: Call): { note: string; parent_id: string | null } {
	const body = readBody(c.req.json, ['note', 'parent_id']);
	if (typeof body.note !== 'string' || body.note.trim() === '') throw invalidValue('note', 'note cannot be empty');
	if (body.note.length > NOTE_MAX) throw invalidValue('note', `note exceeds the maximum length of ${NOTE_MAX} characters`);
	if (body.parent_id !== undefined && body.parent_id !== null && typeof body.parent_id !== 'string') throw invalidValue('parent_id', 'parent_id must be a string');
	return { note: body.note, parent_id: (body.parent_id as string | undefined) ?? null };
}

function attachChild(notes: Note[], child: Note): boolean {
	const parent = notes.find((n) => n.id === child.parent_id);
	if (!parent) return false;
	(parent.thread ??= []).push(child);
	return true;
}

const noteList = (notes: Note[]): unknown => ({ results: notes, num_found: notes.length, num_available: notes.length });
const NOTE_NOT_FOUND: SandboxResponse = { status: 404, body: 'Note not found' };
const NOTE_DELETED: SandboxResponse = { status: 204, body: 'Note deleted successfully' };

export function alertNotes(c: Call): SandboxResponse {
	return ok(noteList(findAlert(c, c.params[0]).notes));
}

export function createAlertNote(c: Call): SandboxResponse {
	const a = findAlert(c, c.params[0]);
	const { note, parent_id } = parseNote(c);
	const store = c.state.store;
	if (parent_id) {
		const child = store.newNote(note, c.key.apiId, c.req.now, parent_id);
		if (!attachChild(a.notes, child)) throw invalidValue('parent_id', `parent note ${parent_id} not found`);
		store.touch(a, c.req.now);
		return ok(child, 201);
	}
	return ok(store.addAlertNote(a, note, c.key.apiId, c.req.now, true), 201);
}

export function deleteAlertNote(c: Call): SandboxResponse {
	const a = findAlert(c, c.params[0]);
	const i = a.notes.findIndex((n) => n.id === c.params[1]);
	if (i < 0) return NOTE_NOT_FOUND;
	a.notes.splice(i, 1);
	a.doc.alert_notes_present = a.notes.length > 0;
	c.state.store.touch(a, c.req.now);
	return NOTE_DELETED;
}

// ---- threats ----

export function threatHistory(c: Call): SandboxResponse {
	return ok({ history: findThreat(c, c.params[0]).history });
}

export function threatNotes(c: Call): SandboxResponse {
	const t = findThreat(c, c.params[0]);
	const sfRaw = c.req.query.get('sort_field') ?? 'last_update_timestamp';
	const soRaw = c.req.query.get('sort_order') ?? 'DESC';
	if (!NOTE_SORT_FIELDS.includes(sfRaw)) throw enumError('sort_field', sfRaw, NOTE_SORT_FIELDS);
	const so = soRaw.toUpperCase();
	if (so !== 'ASC' && so !== 'DESC') throw enumError('sort_order', soRaw, ['ASC', 'DESC']);
	const key = sfRaw as keyof Note;
	const notes = [...t.notes].sort((a, b) => {
		const x = String(a[key]);
		const y = String(b[key]);
		const r = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
		return so === 'DESC' ? -r : r;
	});
	return ok(noteList(notes));
}

export function createThreatNote(c: Call): SandboxResponse {
	const t = findThreat(c, c.params[0]);
	const { note, parent_id } = parseNote(c);
	const store = c.state.store;
	const n = store.newNote(note, c.key.apiId, c.req.now, parent_id);
	if (parent_id) {
		if (!attachChild(t.notes, n)) throw invalidValue('parent_id', `parent note ${parent_id} not found`);
	} else store.addThreatNote(t, n);
	return ok(n, 201);
}

export function deleteThreatNote(c: Call): SandboxResponse {
	const t = findThreat(c, c.params[0]);
	const i = t.notes.findIndex((n) => n.id === c.params[1]);
	if (i < 0) return NOTE_NOT_FOUND;
	t.notes.splice(i, 1);
	c.state.store.setThreatNotesFlag(t);
	return NOTE_DELETED;
}

export function threatTags(c: Call): SandboxResponse {
	return ok({ list: [...findThreat(c, c.params[0]).tags] });
}

function syncThreatTags(c: Call, t: Threat): void {
	for (const a of c.state.store.alertsOfThreat(t.id)) {
		a.doc.tags = [...t.tags];
		c.state.store.touch(a, c.req.now);
	}
}

export function addThreatTags(c: Call): SandboxResponse {
	const t = findThreat(c, c.params[0]);
	const body = readBody(c.req.json, ['tags']);
	if (!Array.isArray(body.tags) || body.tags.some((x) => typeof x !== 'string' || x.trim() === ''))
		throw invalidValue('tags', 'tags must be an array of non-empty strings');
	for (const tag of body.tags as string[]) if (!t.tags.includes(tag)) t.tags.push(tag);
	syncThreatTags(c, t);
	return ok({ tags: [...t.tags] });
}

export function deleteThreatTag(c: Call): SandboxResponse {
	const t = findThreat(c, c.params[0]);
	const i = t.tags.indexOf(c.params[1]);
	if (i >= 0) {
		t.tags.splice(i, 1);
		syncThreatTags(c, t);
	}
	return ok({ tags: [...t.tags] });
}

// ---- workflow (async job) ----

export function workflow(c: Call): SandboxResponse {
	const body = readBody(c.req.json, WORKFLOW_PROPS);
	const check = (field: string, known: readonly string[]): string | undefined => {
		const v = body[field];
		if (v === undefined || v === null) return undefined;
		if (typeof v !== 'string' || !known.includes(v)) throw enumError(field, v, known);
		return v;
	};
	const status = check('status', C.WORKFLOW_STATUSES);
	const closure = check('closure_reason', C.CLOSURE_REASONS);
	const determination = check('determination', C.DETERMINATIONS);
	const note = body.note === undefined || body.note === null ? undefined : body.note;
	if (note !== undefined && (typeof note !== 'string' || note.length > NOTE_MAX)) throw invalidValue('note', `note must be a string of at most ${NOTE_MAX} characters`);
	if (status === undefined && determination === undefined && closure === undefined && !note)
		throw badRequest('INVALID_REQUEST', 'At least one of status, determination, closure_reason or note must be provided');
	const spec = parseSpec(body, c.req.now);
	const alerts = select(c.state.store, spec, c.req.now);
	const job = c.state.jobs.create(c.state.store, 'v7', c.org, c.key.apiId, body, alerts, { status, closure_reason: closure, determination, note: note as string | undefined }, c.req.now);
	return ok({ request_id: job.requestId });
}

// ---- Jobs API ----

function findJob(c: Call) {
	const j = c.state.jobs.get('v7', c.params[0], c.org, c.req.now);
	if (!j) throw new ApiError(404, { error_code: 'NOT_FOUND', message: `Job ${c.params[0]} not found` });
	return j;
}

export function getJob(c: Call): SandboxResponse {
	return ok(c.state.jobs.v7View(findJob(c), c.req.now));
}

export function jobProgress(c: Call): SandboxResponse {
	return ok(c.state.jobs.progress(findJob(c), c.req.now));
}
