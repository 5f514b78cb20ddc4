// Carbon Black Cloud alert observations: asynchronous Platform Search jobs (sandbox/DEVICES.md).
//
//   POST /api/investigate/v2/orgs/{org_key}/observations/search_jobs                    org.search.events CREATE → {job_id}
//   GET  /api/investigate/v2/orgs/{org_key}/observations/search_jobs/{job_id}/results   org.search.events READ
//        ?start=0&rows=N → {num_found, num_available, contacted, completed, approximate_unaggregated, num_aggregated, results, message}
//
// A job is done when contacted > 0 and completed >= contacted (SDK ObservationQuery._still_querying).
// It runs for `cbcObservationJobDelayMs` (default 1000 ms, simulator clock): until then completed <
// contacted and the reply holds only the part found so far (Rapid7's plugin: "otherwise it is partial
// results"). Results `start` is 0-based, `rows` defaults to 10 (Rapid7's plugin: "unless rows param is
// specified it only returns 10 results") and may not exceed 10,000 (SDK set_rows). Unknown job IDs
// (and jobs dropped through the control) answer 404 (Rapid7's plugin handles a 404 for a vanished job).
//
// Observations are generated per alert, deterministically from (seed, alert id): 0 for about 15% of the
// alerts and for CONTAINER_RUNTIME alerts (no endpoint), 1-6 otherwise, all on the alert's device and
// inside its first_event..detection window. Field names: src/cbc_sdk/platform/models/observation.yaml
// (the reply's default field set) plus, for fields ["*"] or when named in `fields`, the detail fields
// of tests/unit/fixtures/platform/mock_observations.py and the netconn_* search fields.

import { SYNTAX_ERROR, type SandboxResponse } from '../types.mts';
import type { AlertStore, StoredAlert } from './data.mts';
import { ApiError, badRequest, enumError, invalidValue, malformedJson, notFound } from './errors.mts';
import { compileDocQuery, QueryError, toMs, type DocFieldDef, type QuerySchema } from './query.mts';
import { parseSort, readBody, type Body, type SortSpec } from './search.mts';
import type { DeviceCall } from './devices.mts';
import { Rng } from '../rng.mts';
import * as C from './catalog.mts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ObservationDoc = Record<string, any>;

const iso = (ms: number): string => new Date(ms).toISOString();

/** Alert type → observation_type (Rapid7 plugin's OBSERVATION_TYPES vocabulary). */
const OBSERVATION_TYPE: Record<string, string> = {
	CB_ANALYTICS: 'CB_ANALYTICS',
	WATCHLIST: 'WATCHLIST',
	DEVICE_CONTROL: 'USB_DEVICE_CONTROL',
	CONTAINER_RUNTIME: 'CONTAINER_RUNTIME',
	HOST_BASED_FIREWALL: 'HOST_BASED_FIREWALL',
	INTRUSION_DETECTION_SYSTEM: 'INTRUSION_DETECTION_SYSTEM',
	NETWORK_TRAFFIC_ANALYSIS: 'NETWORK_TRAFFIC_ANALYSIS',
};
export const OBSERVATION_TYPES = [
	'OBSERVATION_TYPE_UNKNOWN', 'CB_ANALYTICS', 'INDICATOR_OF_ATTACK', 'TAMPER', 'TAU_INTELLIGENCE', 'USB_DEVICE_CONTROL', 'WATCHLIST',
	'BLOCKED_HASH', 'INTRUSION_DETECTION_SYSTEM', 'CONTAINER_RUNTIME', 'HOST_BASED_FIREWALL', 'NETWORK_TRAFFIC_ANALYSIS', 'CONTEXTUAL_ACTIVITY',
] as const;
const NETWORK_ALERTS = ['HOST_BASED_FIREWALL', 'INTRUSION_DETECTION_SYSTEM', 'NETWORK_TRAFFIC_ANALYSIS'];
const EVENT_TYPES = ['netconn', 'childproc', 'filemod', 'modload', 'regmod', 'crossproc'] as const;
const ENRICHED: Record<string, string> = { netconn: 'NETWORK', childproc: 'CREATE_PROCESS', filemod: 'FILE_CREATE', modload: 'MODULE_LOAD', regmod: 'REGISTRY_ACCESS', crossproc: 'INJECT_CODE' };
const DOMAINS = ['c2.example.net', 'update.example.com', 'cdn.example.org', 'pool.example.net', ''];

/** observation.yaml: the fields a reply carries without `fields` (event_network_* only on netconn events). */
export const DEFAULT_FIELDS = [
	'alert_category', 'alert_id', 'backend_timestamp', 'device_group_id', 'device_id', 'device_name', 'device_policy', 'device_policy_id',
	'device_timestamp', 'enriched', 'enriched_event_type', 'event_description', 'event_id', 'event_network_inbound', 'event_network_local_ipv4',
	'event_network_location', 'event_network_protocol', 'event_network_remote_ipv4', 'event_network_remote_port', 'event_type', 'ingress_time',
	'legacy', 'observation_description', 'observation_id', 'observation_type', 'org_id', 'parent_guid', 'parent_pid', 'process_guid',
	'process_hash', 'process_name', 'process_pid', 'process_username',
];

// ---- field registry (query, criteria, sort) ----

const KEYWORD = [
	'observation_id', 'observation_type', 'alert_id', 'alert_category', 'device_name', 'device_policy', 'device_os', 'device_os_version',
	'device_location', 'device_target_priority', 'device_external_ip', 'device_internal_ip', 'event_id', 'event_type', 'enriched_event_type',
	'event_network_local_ipv4', 'event_network_remote_ipv4', 'event_network_protocol', 'event_network_location', 'netconn_remote_ipv4',
	'netconn_local_ipv4', 'netconn_protocol', 'netconn_domain', 'org_id', 'process_guid', 'process_hash', 'process_name', 'process_sha256',
	'process_username', 'process_reputation', 'process_effective_reputation', 'parent_guid', 'parent_name', 'parent_hash', 'ttp', 'document_guid',
];
const TEXT = ['event_description', 'observation_description', 'process_cmdline'];
const NUMBER = ['device_id', 'device_policy_id', 'device_group_id', 'event_network_remote_port', 'netconn_remote_port', 'netconn_local_port', 'process_pid', 'parent_pid', 'ingress_time', 'event_threat_score'];
const BOOL = ['enriched', 'legacy', 'event_network_inbound', 'netconn_inbound'];
const TIMESTAMP = ['backend_timestamp', 'device_timestamp', 'process_start_time'];
const ENUMS: Record<string, readonly string[]> = { observation_type: OBSERVATION_TYPES };
const field = (name: string, kind: DocFieldDef<ObservationDoc>['kind']): DocFieldDef<ObservationDoc> => ({ kind, get: (d) => d[name], enum: ENUMS[name] });
export const OBSERVATION_FIELDS: Record<string, DocFieldDef<ObservationDoc>> = {};
for (const f of KEYWORD) OBSERVATION_FIELDS[f] = field(f, 'keyword');
for (const f of TEXT) OBSERVATION_FIELDS[f] = field(f, 'text');
for (const f of NUMBER) OBSERVATION_FIELDS[f] = field(f, 'number');
for (const f of BOOL) OBSERVATION_FIELDS[f] = field(f, 'bool');
for (const f of TIMESTAMP) OBSERVATION_FIELDS[f] = field(f, 'timestamp');
const SCHEMA: QuerySchema<ObservationDoc> = {
	fields: OBSERVATION_FIELDS,
	defaults: ['process_name', 'process_cmdline', 'device_name', 'event_description', 'observation_description', 'netconn_remote_ipv4', 'netconn_domain', 'alert_id', 'observation_id'],
};
const SORT_FIELDS = [...KEYWORD, ...NUMBER, ...TIMESTAMP].filter((f) => !['alert_id', 'alert_category', 'event_type', 'process_hash', 'parent_hash', 'ttp', 'process_username', 'process_pid', 'event_threat_score'].includes(f)).sort();

export const RESULTS_MAX_ROWS = 10_000;
export const RESULTS_DEFAULT_ROWS = 10;
/** Rows a job holds when the start request names none (recalled from the Platform Search docs, not in the SDK). */
export const JOB_DEFAULT_ROWS = 500;
const JOB_PROPS = ['criteria', 'exclusions', 'query', 'time_range', 'rows', 'start', 'fields', 'sort'];
const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5, y: 31_536e6 };

// ---- generation ----

function ipv4(r: Rng, prefix: string): string {
	return `${prefix}.${r.int(1, 254)}`;
}

/** The observations of one alert (sorted by device_timestamp); deterministic per (seed, alert id). */
export function observationsFor(a: StoredAlert, r: Rng): ObservationDoc[] {
	const d = a.doc;
	if (!d.device_id || d.type === 'CONTAINER_RUNTIME') return [];
	if (r.chance(0.15)) return [];
	const n = r.int(1, 6);
	const first = Date.parse(d.first_event_timestamp);
	const last = Math.max(first + 1, Date.parse(d.detection_timestamp));
	const os = String(d.device_os);
	const procs = C.PROCESSES.filter((p) => p.os === os);
	const parents = C.PARENTS[os] ?? C.PARENTS.OTHER;
	const parent = parents.find((p) => p.name.endsWith(String(d.parent_name ?? '').split(/[\\/]/).pop() || '\0')) ?? parents[0];
	const out: ObservationDoc[] = [];
	for (let i = 0; i < n; i++) {
		const primary = i === 0;
		const fallback = procs.length ? r.pick(procs) : { name: 'unknown', path: 'unknown', cmdline: 'unknown' };
		const procName: string = d.process_name ?? (os === 'WINDOWS' ? fallback.path : fallback.name);
		const cmdline: string = d.process_cmdline ?? fallback.cmdline;
		const eventType = primary && NETWORK_ALERTS.includes(d.type) ? 'netconn' : primary && d.type === 'DEVICE_CONTROL' ? 'filemod' : r.pick(EVENT_TYPES);
		const deviceTs = first + Math.floor(r.next() * (last - first));
		const backendTs = Math.min(a.ts, deviceTs + r.int(2_000, 120_000));
		const eventId = r.hex(32);
		const sha256: string = d.process_sha256 ?? r.hex(64);
		const md5: string = d.process_md5 ?? r.hex(32);
		const pid: number = d.process_pid ?? r.int(300, 65_000);
		const user: string = d.process_username ?? (os === 'WINDOWS' ? 'NT AUTHORITY\\SYSTEM' : 'root');
		const type = primary ? OBSERVATION_TYPE[d.type] : r.chance(0.6) ? 'CONTEXTUAL_ACTIVITY' : OBSERVATION_TYPE[d.type];
		const o: ObservationDoc = {
			alert_category: [type === 'CONTEXTUAL_ACTIVITY' ? 'OBSERVED' : 'THREAT'],
			alert_id: [d.id],
			backend_timestamp: iso(backendTs),
			device_group_id: 0,
			device_id: d.device_id,
			device_name: d.device_name,
			device_policy: d.device_policy,
			device_policy_id: d.device_policy_id,
			device_timestamp: iso(deviceTs),
			enriched: true,
			enriched_event_type: [ENRICHED[eventType]],
			event_description: '',
			event_id: eventId,
			event_type: [eventType],
			ingress_time: backendTs - r.int(200, 1_500),
			legacy: true,
			observation_description: '',
			observation_id: `${eventId}:${d.id}`,
			observation_type: type,
			org_id: d.org_key,
			parent_guid: d.parent_guid ?? `${d.org_key}-${Number(d.device_id).toString(16).padStart(8, '0')}-${r.hex(8)}-00000000-${r.hex(15)}`,
			parent_pid: d.parent_pid ?? r.int(4, 5_000),
			process_guid: d.process_guid ?? `${d.org_key}-${Number(d.device_id).toString(16).padStart(8, '0')}-${r.hex(8)}-00000000-${r.hex(15)}`,
			process_hash: [md5, sha256],
			process_name: procName,
			process_pid: [pid],
			process_username: [user],
			// detail fields (returned with fields ["*"] or when named)
			device_os: d.device_os,
			device_os_version: d.device_os_version,
			device_external_ip: d.device_external_ip,
			device_internal_ip: d.device_internal_ip,
			device_location: d.device_location,
			device_target_priority: d.device_target_value,
			document_guid: r.alnum(21, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
			event_threat_score: [primary ? Math.max(1, Math.min(10, Number(d.severity) || 3)) : r.int(1, 3)],
			parent_name: d.parent_name ?? parent.name,
			parent_hash: [d.parent_md5 ?? r.hex(32), d.parent_sha256 ?? r.hex(64)],
			parent_effective_reputation: d.parent_effective_reputation ?? 'TRUSTED_WHITE_LIST',
			process_cmdline: [cmdline],
			process_effective_reputation: d.process_effective_reputation ?? 'NOT_LISTED',
			process_reputation: d.process_reputation ?? 'NOT_LISTED',
			process_sha256: sha256,
			process_start_time: iso(deviceTs - r.int(500, 60_000)),
			ttp: primary && Array.isArray(d.ttps) ? [...d.ttps] : [],
		};
		let desc: string;
		if (eventType === 'netconn') {
			const remote: string = d.netconn_remote_ip ?? d.remote_ip ?? ipv4(r, '198.51.100');
			const port: number = d.netconn_remote_port ?? d.port ?? r.pick([443, 80, 8080, 4444, 53]);
			const local: string = d.device_internal_ip || ipv4(r, '10.0.0');
			const localPort = r.int(49_152, 65_000);
			const domain: string = d.netconn_remote_domain ?? d.remote_domain ?? r.pick(DOMAINS);
			const protocol = d.netconn_protocol === 'UDP' ? 'UDP' : 'TCP';
			Object.assign(o, {
				event_network_inbound: false,
				event_network_local_ipv4: local,
				event_network_location: 'Santa Clara,CA,United States',
				event_network_protocol: protocol,
				event_network_remote_ipv4: remote,
				event_network_remote_port: port,
				netconn_domain: domain,
				netconn_inbound: false,
				netconn_local_ipv4: local,
				netconn_local_port: localPort,
				netconn_protocol: `PROTO_${protocol}`,
				netconn_remote_ipv4: remote,
				netconn_remote_port: port,
			});
			desc = `The application "${procName}" established a ${protocol}/${port} connection to ${remote}:${port}${domain ? ` (${domain})` : ''} from ${local}:${localPort}.`;
		} else if (eventType === 'childproc') {
			desc = `The application "${procName}" invoked the application "${os === 'WINDOWS' ? 'c:\\windows\\system32\\cmd.exe' : '/bin/sh'}".`;
		} else if (eventType === 'filemod') {
			desc = d.type === 'DEVICE_CONTROL'
				? `The application "${procName}" attempted to write to the removable device "${d.external_device_friendly_name ?? 'USB Mass Storage Device'}".`
				: `The application "${procName}" created the file "${os === 'WINDOWS' ? 'c:\\programdata\\update.tmp' : '/tmp/.cache/update'}".`;
		} else if (eventType === 'modload') {
			desc = `The application "${procName}" loaded the module "${os === 'WINDOWS' ? 'c:\\windows\\system32\\wininet.dll' : '/usr/lib/libcurl.so.4'}".`;
		} else if (eventType === 'regmod') {
			desc = `The application "${procName}" modified the registry key "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run".`;
		} else {
			desc = `The application "${procName}" opened the process "${os === 'WINDOWS' ? 'c:\\windows\\system32\\lsass.exe' : '/usr/sbin/sshd'}".`;
		}
		o.event_description = desc;
		o.observation_description = primary && d.reason ? d.reason : desc;
		out.push(o);
	}
	return out.sort((x, y) => (x.device_timestamp < y.device_timestamp ? -1 : x.device_timestamp > y.device_timestamp ? 1 : 0));
}

// ---- jobs ----

interface ObservationJob {
	id: string;
	orgKey: string;
	owner: string;
	createdAt: number;
	completeAt: number;
	contacted: number;
	/** Matching observations in result order (after the start offset); num_found counts before it. */
	available: ObservationDoc[];
	numFound: number;
	fields: Set<string> | 'all';
	request: Body;
}

export interface ObservationConfig {
	/** How long a job keeps completed < contacted. */
	jobDelayMs: number;
}

export class ObservationJobs {
	config: ObservationConfig = { jobDelayMs: 1000 };
	private jobs = new Map<string, ObservationJob>();
	private cache = new Map<string, ObservationDoc[]>();
	private rng = new Rng(Math.random);
	private random: (stream: string) => () => number = () => Math.random;

	reset(random: (stream: string) => () => number, config: Partial<ObservationConfig> = {}): void {
		this.random = random;
		this.rng = new Rng(random('cbc:observation-jobs'));
		this.jobs.clear();
		this.cache.clear();
		this.config = { jobDelayMs: 1000, ...config };
	}

	/** Observations of one alert (cached; regenerated identically after a reset with the same seed). */
	forAlert(a: StoredAlert): ObservationDoc[] {
		let list = this.cache.get(a.doc.id);
		if (!list) {
			list = observationsFor(a, new Rng(this.random(`cbc:observations:${a.doc.id}`)));
			this.cache.set(a.doc.id, list);
		}
		return list;
	}

	/** Validate a search-job request and create the job. */
	start(json: unknown, store: AlertStore, orgKey: string, owner: string, now: number): ObservationJob {
		if (json === SYNTAX_ERROR) throw malformedJson();
		const body = readBody(json, JOB_PROPS);
		const rows = intIn(body.rows, 'rows', JOB_DEFAULT_ROWS, 0, RESULTS_MAX_ROWS);
		const offset = intIn(body.start, 'start', 0, 0, Number.MAX_SAFE_INTEGER);
		const fields = parseFields(body.fields);
		const sort = parseSort(body.sort, SORT_FIELDS, [{ field: 'device_timestamp', desc: false }]);
		const hasQuery = typeof body.query === 'string' && body.query.trim() !== '';
		const hasCriteria = !!body.criteria && typeof body.criteria === 'object' && Object.keys(body.criteria as object).length > 0;
		if (!hasQuery && !hasCriteria) throw invalidValue('criteria', 'An observation search needs a query or criteria (for example criteria.alert_id)');
		const preds: ((o: ObservationDoc) => boolean)[] = [];
		if (body.query !== undefined && body.query !== null) {
			if (typeof body.query !== 'string') throw invalidValue('query', 'query must be a string');
			if (hasQuery) {
				try {
					preds.push(compileDocQuery(body.query, SCHEMA));
				} catch (e) {
					if (!(e instanceof QueryError)) throw e;
					throw new ApiError(400, { error_code: 'INVALID_QUERY', message: `Invalid query: ${e.message}`, reason: e.kind === 'syntax' ? 'query_malformed_syntax' : 'query_invalid_field' });
				}
			}
		}
		preds.push(...parseCriteria(body.criteria, 'criteria'));
		const excl = parseCriteria(body.exclusions, 'exclusions');
		if (body.time_range !== undefined && body.time_range !== null) {
			const [s, e] = parseTimeRange(body.time_range, now);
			preds.push((o) => {
				const t = Date.parse(o.device_timestamp);
				return t >= s && t <= e;
			});
		}
		// Candidate alerts: the ones named by criteria.alert_id, else every visible alert.
		const ids = (body.criteria as Body | undefined)?.alert_id;
		const alerts = Array.isArray(ids)
			? [...new Set(ids.map(String))].map((id) => store.byId.get(id)).filter((a): a is StoredAlert => !!a)
			: store.sorted;
		const matches: ObservationDoc[] = [];
		for (const a of alerts) {
			if (a.visibleAt > now) continue;
			for (const o of this.forAlert(a)) if (preds.every((p) => p(o)) && !excl.some((p) => p(o))) matches.push(o);
		}
		const sorted = sortObservations(matches, sort);
		const delay = Math.max(0, this.config.jobDelayMs);
		const job: ObservationJob = {
			id: this.rng.uuid(),
			orgKey,
			owner,
			createdAt: now,
			completeAt: now + delay,
			contacted: this.rng.int(2, 12),
			available: sorted.slice(offset, offset + rows),
			numFound: sorted.length,
			fields,
			request: body,
		};
		this.jobs.set(job.id, job);
		if (this.jobs.size > 1000) this.jobs.delete(this.jobs.keys().next().value as string);
		return job;
	}

	/** One page of a job's results (0-based start; default 10 rows; at most 10,000). */
	results(id: string, orgKey: string, query: URLSearchParams, now: number): Record<string, unknown> {
		const job = this.jobs.get(id);
		if (!job || job.orgKey !== orgKey) throw notFound(`Search job ${id} not found`, { job_id: id });
		const start = intIn(query.get('start') ?? undefined, 'start', 0, 0, Number.MAX_SAFE_INTEGER);
		const rows = intIn(query.get('rows') ?? undefined, 'rows', RESULTS_DEFAULT_ROWS, 0, RESULTS_MAX_ROWS);
		const { completed, found, available } = this.progress(job, now);
		const list = job.available.slice(0, available);
		return {
			approximate_unaggregated: found,
			completed,
			contacted: job.contacted,
			message: '',
			num_aggregated: found,
			num_available: available,
			num_found: found,
			results: list.slice(start, start + rows).map((o) => project(o, job.fields)),
		};
	}

	private progress(job: ObservationJob, now: number): { completed: number; found: number; available: number } {
		if (now >= job.completeAt) return { completed: job.contacted, found: job.numFound, available: job.available.length };
		const frac = Math.max(0, now - job.createdAt) / Math.max(1, job.completeAt - job.createdAt);
		const completed = Math.min(job.contacted - 1, Math.floor(job.contacted * frac));
		const part = completed / job.contacted;
		return { completed, found: Math.floor(job.numFound * part), available: Math.floor(job.available.length * part) };
	}

	// ---- control: /_sandbox/cbc/observations… ----

	control(seg: string[], method: string, body: Body, now: number, store: AlertStore): SandboxResponse | undefined {
		const json = (status: number, b: unknown): SandboxResponse => ({ status, body: b });
		if (seg.length === 2 && seg[1] === 'config' && (method === 'GET' || method === 'POST')) {
			if (method === 'POST' && body.jobDelayMs !== undefined) {
				const v = Number(body.jobDelayMs);
				if (!Number.isFinite(v) || v < 0) throw new Error('jobDelayMs must be a number >= 0');
				this.config.jobDelayMs = v;
			}
			return json(200, { config: this.config });
		}
		if (seg.length === 2 && seg[1] === 'jobs' && method === 'GET')
			return json(200, {
				config: this.config,
				jobs: [...this.jobs.values()].map((j) => ({
					job_id: j.id,
					org_key: j.orgKey,
					owner: j.owner,
					created: iso(j.createdAt),
					complete_at: iso(j.completeAt),
					contacted: j.contacted,
					...this.progress(j, now),
					num_found_final: j.numFound,
					request: j.request,
				})),
			});
		if (seg.length === 3 && seg[1] === 'jobs' && method === 'DELETE')
			return this.jobs.delete(seg[2]) ? json(200, { removed: seg[2] }) : json(404, { error: `no observation job ${seg[2]}` });
		if (seg.length === 3 && seg[1] === 'alerts' && method === 'GET') {
			const a = store.byId.get(seg[2]);
			if (!a) return json(404, { error: `no alert ${seg[2]}` });
			return json(200, { alert_id: a.doc.id, observations: this.forAlert(a) });
		}
		return undefined;
	}
}

function project(o: ObservationDoc, fields: Set<string> | 'all'): ObservationDoc {
	if (fields === 'all') return o;
	const out: ObservationDoc = {};
	for (const k of Object.keys(o)) if (fields.has(k)) out[k] = o[k];
	return out;
}

/** No `fields`: observation.yaml's set; ["*"]: everything; a list: the default set plus the named fields. */
function parseFields(v: unknown): Set<string> | 'all' {
	if (v === undefined || v === null) return new Set(DEFAULT_FIELDS);
	if (!Array.isArray(v) || v.some((f) => typeof f !== 'string')) throw invalidValue('fields', 'fields must be a list of field names (or ["*"])');
	if (v.includes('*')) return 'all';
	return new Set([...DEFAULT_FIELDS, ...(v as string[])]);
}

function intIn(v: unknown, f: string, dflt: number, min: number, max: number): number {
	if (v === undefined || v === null || v === '') return dflt;
	const n = typeof v === 'string' ? (/^-?\d+$/.test(v.trim()) ? Number(v) : NaN) : v;
	if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidValue(f, `${f} must be a whole number`);
	if (n < min || n > max) throw badRequest('INVALID_PAGINATION', max === RESULTS_MAX_ROWS ? `${f} must be between ${min} and ${max}` : `${f} must be at least ${min}`, { field: f, [f]: n });
	return n;
}

/** time_range {start, end} (ISO 8601) or {window: "-<n><s|m|h|d|w|y>"} (the SDK's set_time_range keys). */
function parseTimeRange(v: unknown, now: number): [number, number] {
	if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('INVALID_TIME_RANGE', 'time_range must be an object with start/end or window', { field: 'time_range' });
	const o = v as Body;
	for (const k of Object.keys(o)) if (!['start', 'end', 'window'].includes(k)) throw badRequest('UNEXPECTED_PROPERTY', `Malformed JSON input: time_range.${k}`, { field: `time_range.${k}`, property_name: k, known_properties: ['start', 'end', 'window'] });
	let s = -Infinity;
	let e = Infinity;
	if (o.window !== undefined) {
		const m = typeof o.window === 'string' ? /^-(\d+)([smhdwy])$/.exec(o.window.trim()) : null;
		if (!m) throw badRequest('INVALID_TIME_RANGE', `Invalid time_range.window ${JSON.stringify(o.window)}: expected -<quantity><s|m|h|d|w|y>, e.g. -2w`, { field: 'time_range.window' });
		s = now - Number(m[1]) * UNIT_MS[m[2]];
		e = now;
	}
	for (const k of ['start', 'end'] as const) {
		if (o[k] === undefined) continue;
		const ms = typeof o[k] === 'string' ? Date.parse(o[k] as string) : NaN;
		if (!Number.isFinite(ms)) throw badRequest('INVALID_TIME_RANGE', `Invalid time_range.${k}: ${JSON.stringify(o[k])} is not an ISO 8601 timestamp`, { field: `time_range.${k}` });
		if (k === 'start') s = ms;
		else e = ms;
	}
	if (s > e) throw badRequest('INVALID_TIME_RANGE', 'time_range: start must be before end', { field: 'time_range' });
	return [s, e];
}

function parseCriteria(v: unknown, where: 'criteria' | 'exclusions'): ((o: ObservationDoc) => boolean)[] {
	if (v === undefined || v === null) return [];
	if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(where, `${where} must be an object`);
	const out: ((o: ObservationDoc) => boolean)[] = [];
	for (const [name, value] of Object.entries(v as Body)) {
		const def = OBSERVATION_FIELDS[name];
		if (!def) throw badRequest('INVALID_FIELD', `Unknown ${where} field: ${name}`, { field: `${where}.${name}` });
		if (!Array.isArray(value)) throw invalidValue(`${where}.${name}`, `${where}.${name} must be an array of values`);
		if (def.enum) for (const x of value) if (typeof x !== 'string' || !def.enum.includes(x)) throw enumError(`${where}.${name}`, x, def.enum);
		let test: (x: unknown) => boolean;
		if (def.kind === 'number') {
			const set = new Set(value.map(Number));
			test = (x) => set.has(Number(x));
		} else if (def.kind === 'bool') {
			const set = new Set(value.map((x) => x === true || x === 'true'));
			test = (x) => typeof x === 'boolean' && set.has(x);
		} else if (def.kind === 'timestamp') {
			const set = new Set(value.map(toMs));
			test = (x) => set.has(toMs(x));
		} else {
			const set = new Set(value.map((x) => String(x).toLowerCase()));
			test = (x) => x !== null && x !== undefined && set.has(String(x).toLowerCase());
		}
		out.push((o) => {
			const x = o[name];
			return Array.isArray(x) ? x.some(test) : test(x);
		});
	}
	return out;
}

function sortObservations(list: ObservationDoc[], sort: SortSpec[]): ObservationDoc[] {
	const key = (o: ObservationDoc, f: string): number | string | null => {
		const v = o[f];
		if (v === null || v === undefined || v === '') return null;
		return typeof v === 'number' ? v : String(v).toLowerCase();
	};
	return [...list].sort((x, y) => {
		for (const s of sort) {
			const a = key(x, s.field);
			const b = key(y, s.field);
			if (a === b) continue;
			if (a === null) return 1;
			if (b === null) return -1;
			const c = a < b ? -1 : 1;
			return s.desc ? -c : c;
		}
		return x.observation_id < y.observation_id ? -1 : x.observation_id > y.observation_id ? 1 : 0;
	});
}

// ---- route handlers ----

export function startObservationJob(c: DeviceCall): SandboxResponse {
	const job = c.state.observations.start(c.req.json, c.state.store, c.org, c.key.apiId, c.req.now);
	return { status: 200, body: { job_id: job.id } };
}

export function observationResults(c: DeviceCall): SandboxResponse {
	return { status: 200, body: c.state.observations.results(c.params[0], c.org, c.req.query, c.req.now) };
}
