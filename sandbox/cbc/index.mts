// Carbon Black Cloud vendor module: routing, auth, and /_sandbox/cbc control endpoints.
// Sign-in through VMware Cloud Services Platform (token routes, Bearer access tokens, /_sandbox/cbc/csp
// controls): sandbox/cbc/csp.mts, described in sandbox/CSP.md.
// Platform Devices API (devices/_search, devices/{id}, device_actions) and alert observation search
// jobs (api/investigate/v2 …/observations/search_jobs), options cbcDeviceActionDelayMs /
// cbcObservationJobDelayMs, /_sandbox/cbc/devices, /device_actions and /observations controls:
// sandbox/cbc/devices.mts and observations.mts, described in sandbox/DEVICES.md.

import { SYNTAX_ERROR, type SandboxContext, type SandboxRequest, type SandboxResponse, type VendorModule } from '../types.mts';
import { AlertStore, type StoredAlert } from './data.mts';
import { ApiError } from './errors.mts';
import { Jobs } from './jobs.mts';
import { KeyStore, type ApiKey, type Permission } from './auth.mts';
import { CspAuth } from './csp.mts';
import * as v7 from './v7.mts';
import * as v6 from './v6.mts';
import { DeviceStore, deviceActions, getDevice, searchDevices, type DeviceCall } from './devices.mts';
import { ObservationJobs, observationResults, startObservationJob } from './observations.mts';
import { ALERT_TYPES } from './catalog.mts';
import { TIMESTAMP_FIELDS } from './fields.mts';

export const CBC_DEFAULTS = {
	orgKey: 'ABCD1234',
	apiId: 'SANDBOXID01',
	apiSecret: 'SANDBOXSECRET0123456789',
	alerts: 3000,
};

type Handler = (c: v7.Call) => SandboxResponse;

interface Route {
	method: string;
	segs: string[]; // literal or ':param'
	/** null: the handler checks the permission itself (device_actions: one per action_type). */
	perm: Permission | null;
	handler: Handler;
}

interface Api {
	name: 'v7' | 'jobs' | 'v6' | 'devices' | 'investigate';
	/** Returns [orgKey, rest segments, label prefix] when the path belongs to this API. */
	prefix(segs: string[]): [string, string[], string] | undefined;
	routes: Route[];
}

const R = (method: string, path: string, perm: Permission | null, handler: Handler): Route => ({ method, segs: path.split('/'), perm, handler });
/** Device and observation handlers read the module's devices/observations/keys from c.state. */
const D = (h: (c: DeviceCall) => SandboxResponse): Handler => (c) => h(c as unknown as DeviceCall);
const READ: Permission = 'org.alerts:READ';

const V7_ROUTES: Route[] = [
	R('POST', 'alerts/_search', READ, v7.search),
	R('POST', 'alerts/_facet', READ, v7.facet),
	R('POST', 'alerts/_histogram', READ, v7.histogram),
	R('POST', 'alerts/_validate', READ, v7.validate),
	R('GET', 'alerts/search_suggestions', READ, v7.suggestions),
	R('POST', 'alerts/workflow', 'org.alerts.close:EXECUTE', v7.workflow),
	R('GET', 'alerts/:id', READ, v7.getAlert),
	R('GET', 'alerts/:alert_id/history', READ, v7.history),
	R('GET', 'alerts/:alert_id/notes', 'org.alerts.notes:READ', v7.alertNotes),
	R('POST', 'alerts/:alert_id/notes', 'org.alerts.notes:CREATE', v7.createAlertNote),
	R('DELETE', 'alerts/:alert_id/notes/:id', 'org.alerts.notes:DELETE', v7.deleteAlertNote),
	R('POST', 'grouped_alerts/_search', READ, v7.groupedSearch),
	R('POST', 'grouped_alerts/_facet', READ, v7.groupedFacet),
	R('POST', 'grouped_alerts/_histogram', READ, v7.groupedHistogram),
	R('GET', 'threats/:threat_id/history', READ, v7.threatHistory),
	R('GET', 'threats/:threat_id/notes', 'org.alerts.notes:READ', v7.threatNotes),
	R('POST', 'threats/:threat_id/notes', 'org.alerts.notes:CREATE', v7.createThreatNote),
	R('DELETE', 'threats/:threat_id/notes/:id', 'org.alerts.notes:DELETE', v7.deleteThreatNote),
	R('GET', 'threats/:threat_id/tags', 'org.alerts.tags:READ', v7.threatTags),
	R('POST', 'threats/:threat_id/tags', 'org.alerts.tags:CREATE', v7.addThreatTags),
	R('DELETE', 'threats/:threat_id/tags/:tag', 'org.alerts.tags:DELETE', v7.deleteThreatTag),
];

const JOB_ROUTES: Route[] = [R('GET', 'jobs/:job_id', 'jobs.status:READ', v7.getJob), R('GET', 'jobs/:job_id/progress', 'jobs.status:READ', v7.jobProgress)];

const DISMISS: Permission = 'org.alerts.dismiss:EXECUTE';
const V6_ROUTES: Route[] = [
	R('POST', 'alerts/_search', READ, v6.search),
	R('POST', 'alerts/_facet', READ, v6.facet),
	R('GET', 'alerts/search_suggestions', READ, v6.suggestions),
	R('POST', 'alerts/workflow/_criteria', DISMISS, v6.bulkWorkflow),
	...v6.PATHWAYS.flatMap((p) => [
		R('POST', `alerts/${p}/_search`, READ, v6.search),
		R('POST', `alerts/${p}/_facet`, READ, v6.facet),
		R('POST', `alerts/${p}/workflow/_criteria`, DISMISS, v6.bulkWorkflow),
	]),
	R('GET', 'alerts/:id', READ, v6.getAlert),
	R('POST', 'alerts/:id/workflow', DISMISS, v6.singleWorkflow),
	R('GET', 'workflow/status/:request_id', DISMISS, v6.workflowStatus),
];

// Platform Devices API: appservices/v6 like Alerts v6, but a different API (not deactivated with it).
const DEVICE_ROUTES: Route[] = [
	R('POST', 'devices/_search', 'device:READ', D(searchDevices)),
	R('GET', 'devices/:device_id', 'device:READ', D(getDevice)),
	R('POST', 'device_actions', null, D(deviceActions)),
];

const INVESTIGATE_ROUTES: Route[] = [
	R('POST', 'observations/search_jobs', 'org.search.events:CREATE', D(startObservationJob)),
	R('GET', 'observations/search_jobs/:job_id/results', 'org.search.events:READ', D(observationResults)),
];

const APIS: Api[] = [
	{
		name: 'v7',
		prefix: (s) => (s[0] === 'api' && s[1] === 'alerts' && s[2] === 'v7' && s[3] === 'orgs' && s.length >= 5 ? [s[4], s.slice(5), '/api/alerts/v7/orgs/{org_key}'] : undefined),
		routes: V7_ROUTES,
	},
	{
		name: 'jobs',
		prefix: (s) => (s[0] === 'jobs' && s[1] === 'v1' && s[2] === 'orgs' && s.length >= 4 ? [s[3], s.slice(4), '/jobs/v1/orgs/{org_key}'] : undefined),
		routes: JOB_ROUTES,
	},
	{
		name: 'devices',
		prefix: (s) =>
			s[0] === 'appservices' && s[1] === 'v6' && s[2] === 'orgs' && s.length >= 5 && (s[4] === 'devices' || s[4] === 'device_actions')
				? [s[3], s.slice(4), '/appservices/v6/orgs/{org_key}']
				: undefined,
		routes: DEVICE_ROUTES,
	},
	{
		name: 'investigate',
		prefix: (s) => (s[0] === 'api' && s[1] === 'investigate' && s[2] === 'v2' && s[3] === 'orgs' && s.length >= 5 ? [s[4], s.slice(5), '/api/investigate/v2/orgs/{org_key}'] : undefined),
		routes: INVESTIGATE_ROUTES,
	},
	{
		name: 'v6',
		prefix: (s) =>
			s[0] === 'appservices' && s[1] === 'v6' && (s[2] === 'orgs' || s[2] === 'org') && s.length >= 4 ? [s[3], s.slice(4), `/appservices/v6/${s[2]}/{org_key}`] : undefined,
		routes: V6_ROUTES,
	},
];

interface Match {
	api: Api['name'];
	org: string;
	label: string;
	route?: Route;
	params: string[];
	methodMismatch: boolean;
}

function decodeSeg(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

function matchRoute(req: SandboxRequest): Match | undefined {
	const segs = req.rawPath.split('/').filter((s) => s !== '').map(decodeSeg);
	for (const api of APIS) {
		const p = api.prefix(segs);
		if (!p) continue;
		const [org, rest, labelPrefix] = p;
		let pathMatch: Route | undefined;
		for (const r of api.routes) {
			if (r.segs.length !== rest.length) continue;
			const params: string[] = [];
			let okk = true;
			for (let i = 0; i < rest.length && okk; i++) {
				if (r.segs[i].startsWith(':')) params.push(rest[i]);
				else okk = r.segs[i] === rest[i];
			}
			if (!okk) continue;
			pathMatch ??= r;
			if (r.method === req.method) {
				const label = `${r.method} ${labelPrefix}/${r.segs.map((x) => (x.startsWith(':') ? `{${x.slice(1)}}` : x)).join('/')}`;
				return { api: api.name, org, label, route: r, params, methodMismatch: false };
			}
		}
		const label = pathMatch
			? `${req.method} ${labelPrefix}/${pathMatch.segs.map((x) => (x.startsWith(':') ? `{${x.slice(1)}}` : x)).join('/')}`
			: `${req.method} ${labelPrefix}/<unknown>`;
		return { api: api.name, org, label, params: [], methodMismatch: !!pathMatch };
	}
	return undefined;
}

const json = (status: number, body: unknown): SandboxResponse => ({ status, body });
const iso = (ms: number): string => new Date(ms).toISOString();

export class CbcModule implements VendorModule {
	readonly name = 'cbc' as const;
	readonly store = new AlertStore();
	readonly jobs = new Jobs();
	readonly keys = new KeyStore();
	readonly csp = new CspAuth();
	readonly devices = new DeviceStore();
	readonly observations = new ObservationJobs();
	private matches = new WeakMap<SandboxRequest, Match | undefined>();
	/** Alerts v6 switched off, as Carbon Black did on 2024-09-05: every v6 route answers 410. */
	private v6Gone = false;

	constructor(
		private ctx: SandboxContext,
		options: Record<string, unknown>,
	) {
		this.reset(options);
	}

	reset(options: Record<string, unknown>): void {
		const str = (k: string, d: string): string => (typeof options[k] === 'string' && options[k] ? (options[k] as string) : d);
		const orgKey = str('cbcOrgKey', CBC_DEFAULTS.orgKey);
		const count = options.cbcAlerts === undefined ? CBC_DEFAULTS.alerts : Number(options.cbcAlerts);
		// Anchor data at the explicit start time when given (same seed + same now → identical data).
		const anchor = options.now !== undefined ? (typeof options.now === 'number' ? options.now : Date.parse(String(options.now))) : NaN;
		this.store.generate(this.ctx.random('cbc:data'), { orgKey, count, now: Number.isFinite(anchor) ? anchor : this.ctx.now() });
		this.v6Gone = options.cbcV6Gone === true || options.cbcV6Gone === 'true';
		this.keys.clear();
		this.keys.add(str('cbcApiId', CBC_DEFAULTS.apiId), str('cbcApiSecret', CBC_DEFAULTS.apiSecret), orgKey, 'full');
		this.csp.reset(orgKey, options);
		const num = (k: string): number | undefined => (options[k] === undefined ? undefined : Number(options[k]));
		this.jobs.reset(this.ctx.random('cbc:jobs'), {
			...(num('cbcJobDelayMs') !== undefined ? { delayMs: num('cbcJobDelayMs') } : {}),
			...(num('cbcJob404Ms') !== undefined ? { notFoundMs: num('cbcJob404Ms') } : {}),
		});
		this.devices.reset(this.store.seededDevices, this.ctx.random('cbc:devices'), orgKey, Number.isFinite(anchor) ? anchor : this.ctx.now(), {
			...(num('cbcDeviceActionDelayMs') !== undefined ? { actionDelayMs: num('cbcDeviceActionDelayMs') } : {}),
		});
		this.observations.reset((stream) => this.ctx.random(stream), {
			...(num('cbcObservationJobDelayMs') !== undefined ? { jobDelayMs: num('cbcObservationJobDelayMs') } : {}),
		});
	}

	private match(req: SandboxRequest): Match | undefined {
		if (!this.matches.has(req)) this.matches.set(req, matchRoute(req));
		return this.matches.get(req);
	}

	routeLabel(req: SandboxRequest): string | undefined {
		return this.match(req)?.label ?? this.csp.routeLabel(req);
	}

	/** X-Auth-Token (API key) when sent, else `Authorization: Bearer` (CSP access token). */
	private authenticate(req: SandboxRequest, org: string): ApiKey {
		const authz = req.headers['x-auth-token'] === undefined ? req.headers.authorization : undefined;
		if (authz !== undefined && /^bearer(\s|$)/i.test(authz.trim())) return this.csp.authenticate(authz.trim(), org, req.now);
		return this.keys.authenticate(req.headers, org);
	}

	handle(req: SandboxRequest): SandboxResponse | undefined {
		const m = this.match(req);
		if (!m) return this.csp.handle(req);
		// CBC reads JSON bodies whatever the Content-Type says (the core leaves form bodies unparsed).
		if (req.json === undefined && req.rawBody.trim() !== '') {
			let parsed: unknown = SYNTAX_ERROR;
			try {
				parsed = JSON.parse(req.rawBody);
			} catch {
				/* stays SYNTAX_ERROR */
			}
			req = { ...req, json: parsed };
		}
		this.jobs.tick(this.store, req.now);
		this.devices.tick(req.now);
		// Alerts v6 only: the Platform Devices API under the same appservices/v6 prefix stays up.
		if (this.v6Gone && m.api === 'v6') {
			return json(410, { error_code: 'GONE', message: 'Alerts API v6 has been deactivated. Use Alerts API v7.' });
		}
		try {
			const key = this.authenticate(req, m.org);
			if (!m.route) {
				if (m.methodMismatch) return json(405, { error_code: 'METHOD_NOT_ALLOWED', message: `Method ${req.method} is not allowed on ${req.path}` });
				return json(404, { error_code: 'NOT_FOUND', message: `No such API route: ${req.method} ${req.path}` });
			}
			if (m.route.perm) this.keys.authorize(key, m.route.perm);
			return m.route.handler({ req, org: m.org, params: m.params, key, state: this });
		} catch (e) {
			if (e instanceof ApiError) return json(e.status, e.body);
			throw e;
		}
	}

	// ---- control: /_sandbox/cbc/... ----

	control(subPath: string, req: SandboxRequest): SandboxResponse | undefined {
		const now = req.now;
		this.jobs.tick(this.store, now);
		const body = (req.json === SYNTAX_ERROR || req.json === undefined ? {} : req.json) as Record<string, unknown>;
		const seg = subPath.split('/').filter(Boolean).map(decodeSeg);
		const m = req.method;
		try {
			if (seg.length === 0 || (seg[0] === 'info' && seg.length === 1)) return json(200, this.info(now));
			if (seg[0] === 'v6-gone' && seg.length === 1 && m === 'POST') {
				this.v6Gone = body.gone !== false;
				return json(200, { v6Gone: this.v6Gone });
			}
			if (seg[0] === 'alerts') {
				if (seg.length === 1 && m === 'POST') return json(200, this.addAlerts(body, now));
				if (seg.length === 2 && seg[1] === 'update' && m === 'POST') return json(200, this.updateAlerts(body, now));
				if (seg.length === 2 && m === 'GET') {
					const a = this.store.byId.get(seg[1]);
					return a ? json(200, this.raw(a, now)) : json(404, { error: `no alert ${seg[1]}` });
				}
			}
			if (seg[0] === 'jobs' && seg.length === 1) {
				if (m === 'POST') {
					const c = this.jobs.config;
					if (body.delayMs !== undefined) c.delayMs = body.delayMs === null ? null : Number(body.delayMs);
					if (body.notFoundMs !== undefined) c.notFoundMs = Number(body.notFoundMs);
					if (body.failNext !== undefined) c.failNext = body.failNext === true ? 1 : body.failNext === false ? 0 : Number(body.failNext);
				}
				if (m === 'GET' || m === 'POST')
					return json(200, { config: this.jobs.config, jobs: this.jobs.list().map((j) => ({ ...this.jobs.v7View(j, now), api: j.api, request_id: j.requestId, alert_ids: j.alertIds.slice(0, 100) })) });
			}
			if (seg[0] === 'devices' || seg[0] === 'device_actions') {
				const r = this.devices.control(seg, m, body, now, req.query);
				if (r) return r;
			}
			if (seg[0] === 'observations') {
				const r = this.observations.control(seg, m, body, now, this.store);
				if (r) return r;
			}
			if (seg[0] === 'csp') {
				const r = this.csp.control(seg.slice(1), m, body, now, this.store.orgKey);
				if (r) return r;
			}
			if (seg[0] === 'keys') {
				if (seg.length === 1 && m === 'GET') return json(200, { keys: this.keys.list() });
				if (seg.length === 1 && m === 'POST') {
					const apiId = String(body.apiId ?? '');
					const secret = String(body.apiSecret ?? body.secret ?? '');
					if (!apiId || !secret) return json(400, { error: 'apiId and apiSecret are required' });
					const k = this.keys.add(apiId, secret, String(body.orgKey ?? this.store.orgKey), String(body.access ?? 'full'), body.permissions as string[] | undefined);
					return json(200, { apiId: k.apiId, orgKey: k.orgKey, access: k.access, permissions: [...k.permissions] });
				}
				if (seg.length === 2 && (m === 'DELETE' || m === 'POST')) return this.keys.revoke(seg[1]) ? json(200, { revoked: seg[1] }) : json(404, { error: `no key ${seg[1]}` });
			}
		} catch (e) {
			return json(400, { error: (e as Error).message });
		}
		return undefined;
	}

	private info(now: number): Record<string, unknown> {
		const s = this.store;
		s.ensureSorted();
		let ties = 0;
		for (let i = 1; i < s.tsIndex.length; i++) if (s.tsIndex[i] === s.tsIndex[i - 1]) ties++;
		// Busiest clock hour by backend_timestamp.
		const perHour = new Map<number, number>();
		for (const t of s.tsIndex) perHour.set(Math.floor(t / 3_600_000), (perHour.get(Math.floor(t / 3_600_000)) ?? 0) + 1);
		let busiest: [number, number] = [0, 0];
		for (const e of perHour) if (e[1] > busiest[1]) busiest = e;
		return {
			orgKey: s.orgKey,
			now: iso(now),
			alerts: s.sorted.length,
			visibleAlerts: s.sorted.filter((a) => a.visibleAt <= now).length,
			threats: s.threats.size,
			earliest: s.sorted.length ? s.sorted[0].doc.backend_timestamp : null,
			latest: s.sorted.length ? s.sorted[s.sorted.length - 1].doc.backend_timestamp : null,
			tiedTimestamps: ties,
			busiestHour: { start: iso(busiest[0] * 3_600_000), count: busiest[1] },
			jobs: this.jobs.config,
			keys: this.keys.list(),
			csp: this.csp.state(now),
			devices: { count: this.devices.count, config: this.devices.config },
			observations: { config: this.observations.config },
		};
	}

	private raw(a: StoredAlert, now: number): Record<string, unknown> {
		return { doc: a.doc, visible: a.visibleAt <= now, visibleAt: iso(a.visibleAt), legacy_alert_id: a.legacyId, history: a.history, notes: a.notes, v6: v6.toV6(a) };
	}

	/** POST /_sandbox/cbc/alerts: { count?, alerts?: [partial], backend_timestamp?, spreadMs?, visibleAfterMs?, type?, threat_id? } */
	private addAlerts(body: Record<string, unknown>, now: number): Record<string, unknown> {
		const partials = Array.isArray(body.alerts) ? (body.alerts as Record<string, unknown>[]) : [];
		const count = body.count === undefined ? (partials.length ? 0 : 1) : Number(body.count);
		const all = [...partials, ...Array.from({ length: count }, () => ({}) as Record<string, unknown>)];
		const ids: string[] = [];
		const r = this.store.random;
		for (const p of all) {
			const tsRaw = p.backend_timestamp ?? body.backend_timestamp;
			const spread = Number(body.spreadMs ?? 0);
			const ts = tsRaw !== undefined ? (typeof tsRaw === 'number' ? tsRaw : Date.parse(String(tsRaw))) : now - Math.floor(r.next() * spread);
			if (!Number.isFinite(ts)) throw new Error(`invalid backend_timestamp ${String(tsRaw)}`);
			const type = (p.type ?? body.type) as string | undefined;
			if (type !== undefined && !(ALERT_TYPES as readonly string[]).includes(type)) throw new Error(`unknown type ${type}`);
			const a = this.store.makeAlert(ts, now, this.store.templateFor(type, (p.threat_id ?? body.threat_id) as string | undefined));
			// A fresh alert: open, untouched.
			Object.assign(a.doc, {
				backend_update_timestamp: iso(ts),
				user_update_timestamp: null,
				is_updated: false,
				workflow: { change_timestamp: iso(ts), changed_by_type: 'SYSTEM', changed_by: 'ALERT_CREATION', closure_reason: 'NO_REASON', status: 'OPEN' },
			});
			a.history = [];
			const { visibleAfterMs, backend_timestamp: _bt, ...fields } = p;
			if (fields.id !== undefined && this.store.byId.has(String(fields.id))) throw new Error(`alert id ${String(fields.id)} already exists`);
			mergeDoc(a, fields);
			if (a.doc.threat_id !== undefined) a.doc.threat_id = String(a.doc.threat_id);
			this.store.setVisibleAt(a, now + Number(visibleAfterMs ?? body.visibleAfterMs ?? 0));
			this.store.insert(a);
			ids.push(a.doc.id);
		}
		return { ids, total: this.store.sorted.length };
	}

	/** POST /_sandbox/cbc/alerts/update: { ids: [...], set?: {partial v7 fields}, visibleAfterMs? } */
	private updateAlerts(body: Record<string, unknown>, now: number): Record<string, unknown> {
		const ids = Array.isArray(body.ids) ? (body.ids as string[]) : [];
		const set = (body.set ?? {}) as Record<string, unknown>;
		let updated = 0;
		for (const id of ids) {
			const a = this.store.byId.get(id);
			if (!a) throw new Error(`no alert ${id}`);
			const { backend_timestamp, ...rest } = set;
			if (backend_timestamp !== undefined) this.store.setTimestamp(a, Date.parse(String(backend_timestamp)));
			const oldThreat = a.doc.threat_id;
			mergeDoc(a, rest);
			if (a.doc.threat_id !== oldThreat) this.store.reindexThreat(a, oldThreat);
			if (body.visibleAfterMs !== undefined) this.store.setVisibleAt(a, now + Number(body.visibleAfterMs));
			if (rest.backend_update_timestamp === undefined) this.store.touch(a, now);
			updated++;
		}
		return { updated };
	}
}

/** Shallow merge, one level deeper for workflow/determination objects; timestamps normalised to toISOString form. */
function mergeDoc(a: StoredAlert, fields: Record<string, unknown>): void {
	for (let [k, v] of Object.entries(fields)) {
		if (TIMESTAMP_FIELDS.includes(k) && v !== null && v !== undefined) {
			const ms = typeof v === 'number' ? v : Date.parse(String(v));
			if (!Number.isFinite(ms)) throw new Error(`invalid ${k}: ${String(v)}`);
			v = iso(ms);
		}
		if ((k === 'workflow' || k === 'determination') && v && typeof v === 'object' && a.doc[k]) a.doc[k] = { ...a.doc[k], ...(v as object) };
		else a.doc[k] = v;
	}
}

export function createCbc(ctx: SandboxContext, options: Record<string, unknown>): VendorModule {
	return new CbcModule(ctx, options);
}
