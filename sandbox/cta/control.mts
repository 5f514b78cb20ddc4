// Control routes under /_sandbox/cta/... (see README section in index.mts for the list).

import type { SandboxRequest, SandboxResponse } from '../types.mts';
import { SYNTAX_ERROR } from '../types.mts';
import type { ThreatPick } from './generate.mts';
import { CLOSING_REASONS, applyFlow } from './generate.mts';
import type { AlertRec, AnyRec, Asset, CustomerData, DetectionRec, EventRec, FlowRec, Risk, StatusValue } from './model.mts';
import { RISKS, STATUSES } from './model.mts';
import type { CtaState } from './state.mts';
import { ApiError, badRequest, errorResponse, intOption, isRecord, iso, notFound, timeOption } from './util.mts';

type Body = Record<string, unknown>;

function body(req: SandboxRequest): Body {
	if (req.json === SYNTAX_ERROR) throw badRequest('Malformed JSON request body');
	if (req.json === undefined || req.json === null) return {};
	if (!isRecord(req.json)) throw badRequest('Request body must be a JSON object');
	return req.json;
}

const ok = (b: unknown, status = 200): SandboxResponse => ({ status, body: b });

function str(v: unknown, name: string): string | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string' || v === '') throw badRequest(`${name} must be a non-empty string`);
	return v;
}

function oneOf<T extends string>(v: unknown, name: string, values: readonly T[]): T | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
		throw badRequest(`${name} must be one of ${values.join(', ')}`);
	return v as T;
}

function idList(v: unknown, name: string): string[] | undefined {
	if (v === undefined || v === null) return undefined;
	if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(`${name} must be an array of ids`);
	return v as string[];
}

function customerOf(s: CtaState, b: Body): CustomerData {
	return s.customer(str(b.customerId, 'customerId') ?? s.opts.customerId);
}

/** Resolve `ids` (explicit) or `count` (random existing, deterministic) against a collection. */
function select<T extends { id: string }>(s: CtaState, b: Body, map: Map<string, T>, what: string): T[] {
	const ids = idList(b.ids, 'ids');
	if (ids) {
		const missing = ids.filter((id) => !map.has(id));
		if (missing.length) throw new ApiError(404, `Unknown ${what} id(s)`, 'not_found', { missing });
		return ids.map((id) => map.get(id) as T);
	}
	const count = intOption(b.count, 'count', 1, 1_000_000) ?? 1;
	const all = [...map.values()];
	const out: T[] = [];
	for (let i = 0; i < count && all.length; i++) out.push(all.splice(s.ctrl.int(0, all.length - 1), 1)[0]);
	return out;
}

function rawOf(c: CustomerData, r: AnyRec, visible: boolean): Record<string, unknown> {
	const base = { customerId: c.customerId, visible };
	switch (r.kind) {
		case 'alert':
			return {
				...base,
				type: 'alert',
				record: { ...r, triggeredAt: iso(r.triggeredAt), modifiedAt: iso(r.modifiedAt), detectionIds: [...r.detectionIds] },
			};
		case 'detection':
			return {
				...base,
				type: 'detection',
				modificationSequenceNumber: r.seq,
				record: {
					...r,
					firstActivityAt: iso(r.firstActivityAt),
					lastActivityAt: iso(r.lastActivityAt),
					modifiedAt: iso(r.modifiedAt),
					alertIds: [...r.alertIds],
					eventIds: [...r.eventIds],
				},
			};
		case 'event':
			return {
				...base,
				type: 'event',
				modificationSequenceNumber: r.seq,
				record: {
					...r,
					timestamp: iso(r.timestamp),
					modifiedAt: iso(r.modifiedAt),
					firstSeenAt: iso(r.firstSeenAt),
					lastSeenAt: iso(r.lastSeenAt),
					detectionIds: [...r.detectionIds],
				},
			};
		case 'flow': {
			const { event, ...rest } = r;
			return {
				...base,
				type: 'flow',
				modificationSequenceNumber: r.seq,
				record: { ...rest, eventId: event.id, timeStamp: iso(r.timeStamp) },
			};
		}
	}
}

function summary(s: CtaState, now: number) {
	const customers: Record<string, unknown> = {};
	for (const [id, c] of s.customers)
		customers[id] = {
			alerts: c.alerts.size,
			threatDetections: c.detections.size,
			events: c.events.size,
			flows: c.flows.size,
			pending: c.pending.map((p) => ({ visibleAt: iso(p.visibleAt), objects: p.ids.length })),
		};
	return {
		customers,
		lastModificationSequenceNumber: s.seq.current,
		tokens: tokenInfo(s, now),
		clients: [...s.auth.clients.values()].map((c) => ({ clientId: c.clientId, customerId: c.customerId })),
		options: { ...s.opts, clientPassword: undefined, baseTime: iso(s.opts.baseTime) },
	};
}

function tokenInfo(s: CtaState, now: number) {
	return {
		issued: s.auth.issued,
		active: s.auth.activeCount(now),
		lifetimeSeconds: s.auth.lifetimeMs / 1000,
		advertisedExpiresIn: s.auth.advertisedExpiresIn ?? null,
	};
}

// ---- object creation --------------------------------------------------------------------

interface Created {
	alerts: AlertRec[];
	detections: DetectionRec[];
	events: EventRec[];
	flows: FlowRec[];
}

function times(s: CtaState, b: Body, key: string, now: number, n: number): number[] {
	const t = timeOption(b[key], key) ?? now;
	const spread = intOption(b.spreadMs, 'spreadMs', 0, 365 * 86_400_000) ?? 0;
	return Array.from({ length: n }, () => (spread ? t - s.ctrl.int(0, spread) : t));
}

function assetFrom(s: CtaState, b: Body): Asset {
	const ip = str(b.assetIp, 'assetIp');
	if (ip) return s.factory.assets.find((a) => a.ip === ip) ?? { ip, hostname: str(b.assetHostname, 'assetHostname') ?? ip };
	return s.ctrl.pick(s.factory.assets);
}

/** Events (with flows) for a detection or contextual, all at `t`. Not yet inserted. */
function makeEvents(s: CtaState, out: Created, n: number, t: number, asset: Asset, det: DetectionRec | undefined, fpe: number) {
	const made: EventRec[] = [];
	for (let i = 0; i < n; i++) {
		const e = s.factory.event(t, asset, det, fpe, out.flows);
		out.events.push(e);
		made.push(e);
	}
	return made;
}

function addAlerts(s: CtaState, req: SandboxRequest): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	const specs = Array.isArray(b.alerts) ? b.alerts : undefined;
	if (b.alerts !== undefined && !specs) throw badRequest('alerts must be an array of partial alert objects');
	const n = specs ? specs.length : intOption(b.count, 'count', 1, 100_000) ?? 1;
	const dpa = intOption(b.detectionsPerAlert, 'detectionsPerAlert', 1, 50) ?? 1;
	const epd = intOption(b.eventsPerDetection, 'eventsPerDetection', 0, 10_000) ?? 3;
	const fpe = intOption(b.flowsPerEvent, 'flowsPerEvent', 0, 100) ?? 2;
	const delay = intOption(b.visibleAfterMs, 'visibleAfterMs', 0, 365 * 86_400_000) ?? 0;
	const ts = times(s, b, 'triggeredAt', req.now, n);
	const out: Created = { alerts: [], detections: [], events: [], flows: [] };
	for (let i = 0; i < n; i++) {
		const spec: Body = specs && isRecord(specs[i]) ? (specs[i] as Body) : {};
		const t = timeOption(spec.triggeredAt, 'triggeredAt') ?? ts[i];
		const threat: ThreatPick = s.factory.threat();
		const status = oneOf<StatusValue>(spec.status, 'status', STATUSES) ?? 'New';
		const reasons = idList(spec.closingReasons, 'closingReasons');
		const a = s.factory.alert(t, threat, {
			risk: oneOf<Risk>(spec.risk, 'risk', RISKS),
			status,
			closingReasons: status === 'Closed' ? (reasons ?? [s.ctrl.pick(CLOSING_REASONS)]) : null,
			note: str(spec.note, 'note'),
			title: str(spec.title, 'title'),
			threatCategory: str(spec.threatCategory, 'threatCategory'),
			etaFlag: spec.etaFlag === undefined ? undefined : spec.etaFlag === null ? null : str(spec.etaFlag, 'etaFlag'),
		});
		out.alerts.push(a);
		for (let j = 0; j < dpa; j++) {
			const d = s.factory.detection(threat, a.risk, assetFrom(s, b), t);
			d.alertIds.push(a.id);
			a.detectionIds.push(d.id);
			out.detections.push(d);
			for (const e of makeEvents(s, out, epd, t, d.asset, d, fpe)) d.eventIds.push(e.id);
		}
	}
	const visibleAt = s.schedule(c, req.now, delay, [...out.alerts, ...out.detections, ...out.events, ...out.flows], () => {
		for (const a of out.alerts) c.alerts.add(a);
		s.insert(c, out.detections, out.events, out.flows);
	});
	return ok(createdBody(out, visibleAt), 201);
}

function createdBody(out: Created, visibleAt: number) {
	return {
		visibleAt: iso(visibleAt),
		alertIds: out.alerts.map((a) => a.id),
		threatDetectionIds: out.detections.map((d) => d.id),
		eventIds: out.events.map((e) => e.id),
		flowIds: out.flows.map((f) => f.id),
	};
}

function addDetections(s: CtaState, req: SandboxRequest): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	const alertIds = idList(b.alertIds, 'alertIds') ?? (b.alertId !== undefined ? [str(b.alertId, 'alertId') as string] : []);
	const alerts = alertIds.map((id) => {
		const a = c.alerts.byId.get(id);
		if (!a) throw notFound(`Unknown alert id ${id}`);
		return a;
	});
	const n = intOption(b.count, 'count', 1, 100_000) ?? 1;
	const epd = intOption(b.eventsPerDetection, 'eventsPerDetection', 0, 10_000) ?? 3;
	const fpe = intOption(b.flowsPerEvent, 'flowsPerEvent', 0, 100) ?? 2;
	const delay = intOption(b.visibleAfterMs, 'visibleAfterMs', 0, 365 * 86_400_000) ?? 0;
	const ts = times(s, b, 'timestamp', req.now, n);
	const out: Created = { alerts: [], detections: [], events: [], flows: [] };
	for (let i = 0; i < n; i++) {
		const threat: ThreatPick = alerts[0]
			? { category: alerts[0].threatCategory, family: alerts[0].title, riskWeights: [1, 1, 1, 1] }
			: s.factory.threat();
		const risk = oneOf<Risk>(b.risk, 'risk', RISKS) ?? alerts[0]?.risk ?? s.ctrl.pick(RISKS);
		const d = s.factory.detection(threat, risk, assetFrom(s, b), ts[i]);
		out.detections.push(d);
		for (const e of makeEvents(s, out, epd, ts[i], d.asset, d, fpe)) d.eventIds.push(e.id);
	}
	const visibleAt = s.schedule(c, req.now, delay, [...out.detections, ...out.events, ...out.flows], (at) => {
		s.insert(c, out.detections, out.events, out.flows);
		for (const a of alerts) {
			if (!c.alerts.byId.has(a.id)) continue; // removed meanwhile
			for (const d of out.detections) {
				d.alertIds.push(a.id);
				a.detectionIds.push(d.id);
			}
			s.touchAlert(c, a, at); // a threat detection was added to the alert
		}
	});
	return ok(createdBody(out, visibleAt), 201);
}

function addEvents(s: CtaState, req: SandboxRequest): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	const did = str(b.threatDetectionId, 'threatDetectionId');
	const det = did ? c.detections.byId.get(did) : undefined;
	if (did && !det) throw notFound(`Unknown threat detection id ${did}`);
	const n = intOption(b.count, 'count', 1, 1_000_000) ?? 1;
	const fpe = intOption(b.flowsPerEvent, 'flowsPerEvent', 0, 100) ?? 2;
	const delay = intOption(b.visibleAfterMs, 'visibleAfterMs', 0, 365 * 86_400_000) ?? 0;
	const ts = times(s, b, 'timestamp', req.now, n);
	const asset = det?.asset ?? assetFrom(s, b);
	const out: Created = { alerts: [], detections: [], events: [], flows: [] };
	for (let i = 0; i < n; i++) makeEvents(s, out, 1, ts[i], asset, det, fpe);
	const visibleAt = s.schedule(c, req.now, delay, [...out.events, ...out.flows], (at) => {
		s.insert(c, [], out.events, out.flows);
		if (det && c.detections.byId.get(det.id) === det) {
			for (const e of out.events) {
				det.eventIds.push(e.id);
				if (e.timestamp > det.lastActivityAt) det.lastActivityAt = e.timestamp;
			}
			s.updated(c, det, at);
		} else if (det) for (const e of out.events) e.detectionIds = [];
	});
	return ok(createdBody(out, visibleAt), 201);
}

function addFlows(s: CtaState, req: SandboxRequest): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	const eid = str(b.eventId, 'eventId');
	if (!eid) throw badRequest('eventId is required (flows belong to an event)');
	const e = c.events.byId.get(eid);
	if (!e) throw notFound(`Unknown event id ${eid}`);
	const n = intOption(b.count, 'count', 1, 1_000_000) ?? 1;
	const delay = intOption(b.visibleAfterMs, 'visibleAfterMs', 0, 365 * 86_400_000) ?? 0;
	const ts = times(s, b, 'timeStamp', req.now, n);
	const flows = ts.map((t) => s.factory.flow(e, t, false));
	const visibleAt = s.schedule(c, req.now, delay, flows, (at) => {
		for (const f of flows) applyFlow(e, f);
		s.insert(c, [], [], flows);
		if (c.events.byId.get(e.id) === e) s.updated(c, e, at); // the aggregate event changed
	});
	return ok({ visibleAt: iso(visibleAt), flowIds: flows.map((f) => f.id) }, 201);
}

// ---- updates / removal ------------------------------------------------------------------

function updateAlerts(s: CtaState, req: SandboxRequest): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	const set = isRecord(b.set) ? b.set : {};
	const list = select(s, b, c.alerts.byId, 'alert');
	for (const a of list) {
		const risk = oneOf<Risk>(set.risk, 'set.risk', RISKS);
		if (risk) a.risk = risk;
		const status = oneOf<StatusValue>(set.status, 'set.status', STATUSES);
		if (status) {
			a.status = status;
			a.closingReasons = status === 'Closed' ? (idList(set.closingReasons, 'set.closingReasons') ?? null) : null;
		}
		if ('etaFlag' in set) a.etaFlag = set.etaFlag === null ? null : (str(set.etaFlag, 'set.etaFlag') ?? null);
		if ('note' in set) a.note = set.note === null ? null : (str(set.note, 'set.note') ?? null);
		if (set.title !== undefined) a.title = str(set.title, 'set.title') ?? a.title;
		s.touchAlert(c, a, req.now);
	}
	return ok({ updated: list.map((a) => ({ id: a.id, modifiedAt: iso(a.modifiedAt) })) });
}

function updateSeqObjects(s: CtaState, req: SandboxRequest, kind: 'detection' | 'event'): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	const set = isRecord(b.set) ? b.set : {};
	const addFlows = intOption(b.addFlows, 'addFlows', 0, 10_000) ?? 0;
	const list: Array<DetectionRec | EventRec> =
		kind === 'detection' ? select(s, b, c.detections.byId, 'threat detection') : select(s, b, c.events.byId, 'event');
	for (const r of list) {
		if (set.title !== undefined) r.title = str(set.title, 'set.title') ?? r.title;
		if (r.kind === 'detection') {
			const risk = oneOf<Risk>(set.risk, 'set.risk', RISKS);
			if (risk) r.risk = risk;
			const conf = oneOf(set.confidence, 'set.confidence', ['High', 'Medium', 'Low'] as const);
			if (conf) r.confidence = conf;
			r.lastActivityAt = Math.max(r.lastActivityAt, req.now);
		} else if (addFlows) {
			const flows = Array.from({ length: addFlows }, () => s.factory.flow(r, req.now));
			s.insert(c, [], [], flows);
		}
		s.updated(c, r, req.now);
	}
	return ok({
		updated: list.map((r) => ({ id: r.id, modificationSequenceNumber: r.seq, modifiedAt: iso(r.modifiedAt) })),
	});
}

function removeAlerts(s: CtaState, req: SandboxRequest): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	let list: AlertRec[];
	const days = intOption(b.olderThanDays, 'olderThanDays', 0, 10_000);
	if (days !== undefined) {
		const limit = req.now - days * 86_400_000;
		list = [...c.alerts.byId.values()].filter((a) => s.lastActivity(c, a) < limit);
	} else if (b.ids === undefined && b.count !== undefined) {
		const n = intOption(b.count, 'count', 1, 1_000_000) ?? 1;
		list = [...c.alerts.byId.values()].sort((x, y) => s.lastActivity(c, x) - s.lastActivity(c, y)).slice(0, n);
	} else list = select(s, b, c.alerts.byId, 'alert');
	const removedDetections: string[] = [];
	for (const a of list) removedDetections.push(...s.removeAlert(c, a, req.now));
	return ok({ removedAlertIds: list.map((a) => a.id), removedThreatDetectionIds: removedDetections });
}

function removeDetections(s: CtaState, req: SandboxRequest): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	const list = select(s, b, c.detections.byId, 'threat detection');
	const removedAlerts: string[] = [];
	for (const d of list) removedAlerts.push(...s.removeDetection(c, d, req.now));
	return ok({ removedThreatDetectionIds: list.map((d) => d.id), removedAlertIds: removedAlerts });
}

function recalculate(s: CtaState, req: SandboxRequest): SandboxResponse {
	const b = body(req);
	const c = customerOf(s, b);
	const ids = idList(b.alertIds, 'alertIds');
	const list = ids ? ids.map((id) => c.alerts.byId.get(id)).filter((a): a is AlertRec => !!a) : [...c.alerts.byId.values()];
	const wiped: string[] = [];
	for (const a of list)
		if (a.status === 'New' && a.note !== null) {
			a.note = null;
			s.touchAlert(c, a, req.now);
			wiped.push(a.id);
		}
	return ok({ notesWiped: wiped });
}

function listObjects(s: CtaState, req: SandboxRequest, kind: string): SandboxResponse {
	const c = s.customer(req.query.get('customerId') ?? s.opts.customerId);
	const limit = intOption(req.query.get('limit') ?? undefined, 'limit', 1, 10_000_000) ?? 1000;
	const offset = intOption(req.query.get('offset') ?? undefined, 'offset', 0, 10_000_000) ?? 0;
	let items: unknown[];
	let total: number;
	if (kind === 'alerts') {
		const all = [...c.alerts.byId.values()];
		total = all.length;
		items = all.slice(offset, offset + limit).map((a) => ({
			id: a.id,
			status: a.status,
			note: a.note,
			triggeredAt: iso(a.triggeredAt),
			modifiedAt: iso(a.modifiedAt),
			threatDetectionIds: [...a.detectionIds],
		}));
	} else {
		const col = kind === 'detections' ? c.detections : kind === 'events' ? c.events : c.flows;
		total = col.bySeq.length;
		items = col.bySeq.slice(offset, offset + limit).map((r: DetectionRec | EventRec | FlowRec) => ({
			id: r.id,
			modificationSequenceNumber: r.seq,
			...(r.kind === 'flow' ? { eventId: r.event.id, timeStamp: iso(r.timeStamp) } : { modifiedAt: iso(r.modifiedAt) }),
			...(r.kind === 'event' ? { threatDetectionIds: [...r.detectionIds] } : {}),
			...(r.kind === 'detection' ? { alertIds: [...r.alertIds] } : {}),
		}));
	}
	return ok({ total, offset, items });
}

// ---- dispatcher -------------------------------------------------------------------------

export function control(s: CtaState, subPath: string, req: SandboxRequest): SandboxResponse | undefined {
	const path = subPath.replace(/\/+$/, '') || '/';
	const key = `${req.method} ${path}`;
	try {
		s.promote(req.now);
		switch (key) {
			case 'GET /':
			case 'GET /state':
				return ok(summary(s, req.now));
			case 'GET /tokens':
				return ok(tokenInfo(s, req.now));
			case 'POST /tokens/expire':
				return ok({ expired: s.auth.expireAll(req.now), ...tokenInfo(s, req.now) });
			case 'PUT /tokens/lifetime':
			case 'POST /tokens/lifetime': {
				const b = body(req);
				const sec = intOption(b.seconds, 'seconds', 1, 86_400);
				if (sec === undefined) throw badRequest('seconds is required');
				s.auth.lifetimeMs = sec * 1000;
				if ('advertisedExpiresIn' in b)
					s.auth.advertisedExpiresIn = intOption(b.advertisedExpiresIn, 'advertisedExpiresIn', 0, 86_400);
				return ok(tokenInfo(s, req.now));
			}
			case 'GET /clients':
				return ok({ clients: [...s.auth.clients.values()].map((c) => ({ clientId: c.clientId, customerId: c.customerId })) });
			case 'POST /clients': {
				const b = body(req);
				const clientId = str(b.clientId, 'clientId');
				const password = str(b.clientPassword, 'clientPassword');
				if (!clientId || !password) throw badRequest('clientId and clientPassword are required');
				const customerId = str(b.customerId, 'customerId') ?? s.opts.customerId;
				s.auth.addClient({ clientId, password, customerId });
				s.customer(customerId);
				return ok({ clientId, customerId }, 201);
			}
			case 'POST /alerts':
				return addAlerts(s, req);
			case 'POST /detections':
				return addDetections(s, req);
			case 'POST /events':
				return addEvents(s, req);
			case 'POST /flows':
				return addFlows(s, req);
			case 'POST /alerts/update':
				return updateAlerts(s, req);
			case 'POST /detections/update':
				return updateSeqObjects(s, req, 'detection');
			case 'POST /events/update':
				return updateSeqObjects(s, req, 'event');
			case 'POST /alerts/remove':
				return removeAlerts(s, req);
			case 'POST /detections/remove':
				return removeDetections(s, req);
			case 'POST /recalculate':
				return recalculate(s, req);
			case 'GET /alerts':
			case 'GET /detections':
			case 'GET /events':
			case 'GET /flows':
				return listObjects(s, req, path.slice(1));
		}
		let m = /^\/clients\/([^/]+)$/.exec(path);
		if (m && req.method === 'DELETE') {
			if (!s.auth.clients.has(m[1])) throw notFound('Unknown client');
			return ok({ revoked: m[1], tokensInvalidated: s.auth.revokeClient(m[1]) });
		}
		m = /^\/objects\/([^/]+)$/.exec(path);
		if (m && req.method === 'GET') {
			for (const c of s.customers.values()) {
				const r = c.find(m[1]);
				if (r) return ok(rawOf(c, r, true));
				const h = c.hidden.get(m[1]);
				if (h) return ok(rawOf(c, h, false));
			}
			throw notFound('No object with this id (never existed or removed)');
		}
		return undefined;
	} catch (e) {
		if (e instanceof ApiError) return errorResponse(e);
		throw e;
	}
}
