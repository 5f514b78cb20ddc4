// CTA simulator state: clients/tokens, per-customer data, sequence counter and the mutations
// shared by the API routes and the control routes.

import type { SandboxContext } from '../types.mts';
import { Auth } from './auth.mts';
import { DAY, Factory, assignSeqs, generateInitial } from './generate.mts';
import type { AlertRec, AnyRec, DetectionRec, EventRec, FlowRec } from './model.mts';
import { CustomerData, SEQ_BASE, SeqCounter } from './model.mts';
import { Rand, isRecord } from './util.mts';

export interface CtaOptions {
	alerts: number;
	events: number;
	flowsPerEvent: number;
	baseTime: number;
	clientId: string;
	clientPassword: string;
	customerId: string;
	tokenLifetimeSeconds: number;
	sizeOverLimit: 'reject' | 'clamp';
	strictQuery: boolean;
}

export const DEFAULT_CLIENT_ID = 'sandbox-client';
export const DEFAULT_CLIENT_PASSWORD = 'sandbox-password';
export const DEFAULT_CUSTOMER_ID = 'CTA123456789';

/** Options come either as `{ cta: { alerts: 10 } }` or flat as `{ ctaAlerts: 10 }`. */
export function readOptions(ctx: SandboxContext, raw: Record<string, unknown>): CtaOptions {
	const nested = isRecord(raw.cta) ? raw.cta : {};
	const get = (name: string): unknown => nested[name] ?? raw[`cta${name[0].toUpperCase()}${name.slice(1)}`];
	const num = (name: string, def: number, min: number, max: number): number => {
		const v = get(name);
		const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
		if (typeof n !== 'number' || !Number.isFinite(n)) return def;
		return Math.min(max, Math.max(min, Math.floor(n)));
	};
	const str = (name: string, def: string): string => {
		const v = get(name);
		return typeof v === 'string' && v !== '' ? v : def;
	};
	// Data timestamps end at baseTime: ctaBaseTime, else the core's fixed start clock (`now`),
	// else the simulator clock rounded down to the minute. Same seed + same baseTime = same data.
	let baseTime = Math.floor(ctx.now() / 60_000) * 60_000;
	for (const bt of [raw.now, get('baseTime')]) {
		if (typeof bt === 'number' && Number.isFinite(bt)) baseTime = Math.floor(bt);
		else if (typeof bt === 'string' && !Number.isNaN(Date.parse(bt))) baseTime = Date.parse(bt);
	}
	return {
		alerts: num('alerts', 300, 0, 1_000_000),
		events: num('events', 3000, 0, 5_000_000),
		flowsPerEvent: num('flowsPerEvent', 3, 0, 50),
		baseTime,
		clientId: str('clientId', DEFAULT_CLIENT_ID),
		clientPassword: str('clientPassword', DEFAULT_CLIENT_PASSWORD),
		customerId: str('customerId', DEFAULT_CUSTOMER_ID),
		tokenLifetimeSeconds: num('tokenLifetimeSeconds', 600, 1, 86_400),
		sizeOverLimit: get('sizeOverLimit') === 'clamp' ? 'clamp' : 'reject',
		strictQuery: get('strictQuery') !== false,
	};
}

/** modifiedAt always moves forward, even when two changes land in the same millisecond. */
export const bump = (prev: number, now: number): number => Math.max(now, prev + 1);

export class CtaState {
	auth = new Auth();
	seq = new SeqCounter(SEQ_BASE);
	customers = new Map<string, CustomerData>();
	factory!: Factory;
	ctrl!: Rand;
	opts!: CtaOptions;
	private pendingOrder = 0;

	constructor(readonly ctx: SandboxContext) {}

	reset(raw: Record<string, unknown>): void {
		const o = readOptions(this.ctx, raw);
		this.opts = o;
		this.auth = new Auth();
		this.auth.lifetimeMs = o.tokenLifetimeSeconds * 1000;
		this.auth.addClient({ clientId: o.clientId, password: o.clientPassword, customerId: o.customerId });
		this.seq = new SeqCounter(SEQ_BASE);
		this.customers = new Map();
		this.pendingOrder = 0;
		const rnd = new Rand(this.ctx.random('cta:data'));
		this.factory = new Factory(rnd, Math.min(2000, Math.max(20, Math.ceil(o.alerts / 2))));
		this.ctrl = new Rand(this.ctx.random('cta:control'));
		generateInitial(this.customer(o.customerId), this.seq, this.factory, o);
	}

	customer(id: string): CustomerData {
		let c = this.customers.get(id);
		if (!c) {
			c = new CustomerData(id);
			this.customers.set(id, c);
		}
		return c;
	}

	/** Make late-arriving objects visible (and give them sequence numbers) once their time has come. */
	promote(now: number): void {
		for (const c of this.customers.values()) {
			if (!c.pending.length) continue;
			const due = c.pending.filter((p) => p.visibleAt <= now);
			if (!due.length) continue;
			c.pending = c.pending.filter((p) => p.visibleAt > now);
			due.sort((a, b) => a.visibleAt - b.visibleAt || a.order - b.order);
			for (const p of due) {
				for (const id of p.ids) c.hidden.delete(id);
				p.commit(p.visibleAt);
			}
		}
	}

	/** Run `commit` now, or register it to run at now + delay (late arrival). */
	schedule(c: CustomerData, now: number, delayMs: number, recs: AnyRec[], commit: (at: number) => void): number {
		if (delayMs <= 0) {
			commit(now);
			return now;
		}
		for (const r of recs) c.hidden.set(r.id, r);
		c.pending.push({ visibleAt: now + delayMs, order: this.pendingOrder++, ids: recs.map((r) => r.id), commit });
		return now + delayMs;
	}

	/** Insert new detections/events/flows, with fresh sequence numbers in time order. */
	insert(c: CustomerData, dets: DetectionRec[], events: EventRec[], flows: FlowRec[]): void {
		for (const rec of assignSeqs(this.seq, dets, events, flows)) {
			if (rec.kind === 'flow') c.flows.add(rec);
			else if (rec.kind === 'event') c.events.add(rec);
			else c.detections.add(rec);
		}
	}

	touchAlert(c: CustomerData, a: AlertRec, now: number): void {
		a.modifiedAt = bump(a.modifiedAt, now);
		c.alerts.touch();
	}

	/** An event/detection changed: move modifiedAt and re-assign its sequence number. */
	updated(c: CustomerData, rec: DetectionRec | EventRec, now: number): void {
		rec.modifiedAt = bump(rec.modifiedAt, now);
		if (rec.kind === 'event') c.events.reseq(rec, this.seq.next());
		else c.detections.reseq(rec, this.seq.next());
	}

	/** A detection times out: it leaves its alerts (alerts without detections disappear) and events. */
	removeDetection(c: CustomerData, d: DetectionRec, now: number): string[] {
		const removedAlerts: string[] = [];
		c.detections.remove(d);
		for (const aid of d.alertIds) {
			const a = c.alerts.byId.get(aid);
			if (!a) continue;
			a.detectionIds = a.detectionIds.filter((x) => x !== d.id);
			if (a.detectionIds.length === 0) {
				c.alerts.remove(a);
				removedAlerts.push(a.id);
			} else this.touchAlert(c, a, now);
		}
		this.unlinkEvents(c, d, now);
		return removedAlerts;
	}

	/** Remove an alert (e.g. 45-day expiry); detections only in this alert time out with it. */
	removeAlert(c: CustomerData, a: AlertRec, now: number): string[] {
		c.alerts.remove(a);
		const removedDetections: string[] = [];
		for (const did of a.detectionIds) {
			const d = c.detections.byId.get(did);
			if (!d) continue;
			d.alertIds = d.alertIds.filter((x) => x !== a.id);
			if (d.alertIds.length === 0) {
				c.detections.remove(d);
				this.unlinkEvents(c, d, now);
				removedDetections.push(d.id);
			}
		}
		return removedDetections;
	}

	private unlinkEvents(c: CustomerData, d: DetectionRec, now: number): void {
		for (const eid of d.eventIds) {
			const e = c.events.byId.get(eid);
			if (!e) continue;
			e.detectionIds = e.detectionIds.filter((x) => x !== d.id);
			this.updated(c, e, now);
		}
	}

	/** Age of an alert for the 45-day rule: its latest detection activity. */
	lastActivity(c: CustomerData, a: AlertRec): number {
		let t = a.triggeredAt;
		for (const did of a.detectionIds) {
			const d = c.detections.byId.get(did);
			if (d && d.lastActivityAt > t) t = d.lastActivityAt;
		}
		return t;
	}
}

export { DAY };
