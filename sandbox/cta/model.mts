// CTA data model: records, per-customer store, global modification sequence numbers.

import type { Sortable, SortSpec } from './paging.mts';
import { compareItems } from './paging.mts';
import { iso } from './util.mts';

export const RISKS = ['Low', 'Medium', 'High', 'Critical'] as const; // ascending severity
export type Risk = (typeof RISKS)[number];
export const STATUSES = ['New', 'Open', 'Closed'] as const;
export type StatusValue = (typeof STATUSES)[number];

export interface Asset {
	hostname: string;
	ip: string;
}

export interface AlertRec {
	kind: 'alert';
	id: string;
	risk: Risk;
	status: StatusValue;
	closingReasons: string[] | null;
	etaFlag: string | null;
	note: string | null;
	title: string;
	threatCategory: string;
	triggeredAt: number;
	modifiedAt: number;
	detectionIds: string[];
}

export interface DetectionRec {
	kind: 'detection';
	id: string;
	seq: number;
	title: string;
	threatCategory: string;
	risk: Risk;
	confidence: 'High' | 'Medium' | 'Low';
	asset: Asset;
	firstActivityAt: number;
	lastActivityAt: number;
	modifiedAt: number;
	alertIds: string[];
	eventIds: string[];
}

export interface EventRec {
	kind: 'event';
	id: string;
	seq: number;
	title: string;
	eventType: string;
	timestamp: number;
	modifiedAt: number;
	firstSeenAt: number;
	lastSeenAt: number;
	asset: Asset;
	remote: { domain: string; ip: string; port: number };
	protocol: string;
	flowsCount: number;
	bytesSent: number;
	bytesReceived: number;
	detectionIds: string[];
}

export interface FlowRec {
	kind: 'flow';
	id: string;
	seq: number;
	event: EventRec; // flows are immutable; addresses come from their event
	timeStamp: number;
	sourcePort: number;
	bytesSent: number;
	bytesReceived: number;
}

export type AnyRec = AlertRec | DetectionRec | EventRec | FlowRec;

// ---- JSON views -----------------------------------------------------------------------

export function alertView(a: AlertRec, assetsCount: number) {
	return {
		id: a.id,
		risk: a.risk,
		status: { value: a.status, closingReasons: a.closingReasons },
		// deprecated by the vendor, still present on output (mirrors status.value)
		state: a.status,
		etaFlag: a.etaFlag,
		note: a.note,
		triggeredAt: iso(a.triggeredAt),
		modifiedAt: iso(a.modifiedAt),
		title: a.title,
		threatCategory: a.threatCategory,
		threatDetectionsCount: a.detectionIds.length,
		affectedAssetsCount: assetsCount,
	};
}

export function detectionView(d: DetectionRec, withAlertIds: boolean) {
	const v: Record<string, unknown> = {
		id: d.id,
		title: d.title,
		threatCategory: d.threatCategory,
		risk: d.risk,
		confidence: d.confidence,
		asset: { hostname: d.asset.hostname, ip: d.asset.ip },
		firstActivityAt: iso(d.firstActivityAt),
		lastActivityAt: iso(d.lastActivityAt),
		modifiedAt: iso(d.modifiedAt),
		eventsCount: d.eventIds.length,
	};
	if (withAlertIds) v.alertIds = [...d.alertIds];
	return v;
}

export function eventView(e: EventRec, withDetectionIds: boolean) {
	const v: Record<string, unknown> = {
		id: e.id,
		title: e.title,
		eventType: e.eventType,
		timestamp: iso(e.timestamp),
		modifiedAt: iso(e.modifiedAt),
		firstSeenAt: iso(e.firstSeenAt),
		lastSeenAt: iso(e.lastSeenAt),
		asset: { hostname: e.asset.hostname, ip: e.asset.ip },
		remote: { domain: e.remote.domain, ip: e.remote.ip, port: e.remote.port },
		protocol: e.protocol,
		flowsCount: e.flowsCount,
		bytesSent: e.bytesSent,
		bytesReceived: e.bytesReceived,
	};
	if (withDetectionIds) v.threatDetectionIds = [...e.detectionIds];
	return v;
}

export function flowView(f: FlowRec) {
	return {
		id: f.id,
		eventId: f.event.id,
		timeStamp: iso(f.timeStamp),
		sourceIp: f.event.asset.ip,
		sourcePort: f.sourcePort,
		destinationIp: f.event.remote.ip,
		destinationPort: f.event.remote.port,
		destinationDomain: f.event.remote.domain,
		protocol: f.event.protocol,
		bytesSent: f.bytesSent,
		bytesReceived: f.bytesReceived,
	};
}

// ---- collections ----------------------------------------------------------------------

/**
 * A keyed collection with cached sorted views (invalidated on every change).
 * Seq-carrying kinds live in `bySeq` (sorted by sequence number, maintained incrementally);
 * `indexed: false` (flows) skips the eager id map and builds one lazily when an id lookup is needed.
 */
export class Collection<T extends Sortable> {
	readonly byId = new Map<string, T>();
	readonly bySeq: T[] = [];
	private version = 0;
	private cache = new Map<string, { version: number; arr: T[] }>();
	private lazy: { version: number; map: Map<string, T> } | undefined;

	constructor(
		private readonly hasSeq: boolean,
		private readonly indexed = true,
	) {}

	get size(): number {
		return this.indexed ? this.byId.size : this.bySeq.length;
	}

	values(): Iterable<T> {
		return this.hasSeq ? this.bySeq : this.byId.values();
	}

	get(id: string): T | undefined {
		if (this.indexed) return this.byId.get(id);
		if (!this.lazy || this.lazy.version !== this.version) {
			const map = new Map<string, T>();
			for (const t of this.bySeq) map.set(t.id, t);
			this.lazy = { version: this.version, map };
		}
		return this.lazy.map.get(id);
	}

	touch(): void {
		this.version++;
	}

	add(item: T): void {
		if (this.indexed) this.byId.set(item.id, item);
		if (this.hasSeq) {
			const last = this.bySeq[this.bySeq.length - 1];
			if (last && (last.seq ?? 0) >= (item.seq ?? 0)) this.bySeq.splice(this.seqIndex(item.seq ?? 0, true), 0, item);
			else this.bySeq.push(item);
		}
		this.version++;
	}

	remove(item: T): void {
		if (this.get(item.id) !== item) return;
		this.byId.delete(item.id);
		if (this.hasSeq) {
			const i = this.seqIndex(item.seq ?? 0, false);
			if (this.bySeq[i] === item) this.bySeq.splice(i, 1);
		}
		this.version++;
	}

	/** Give an item a new (higher) sequence number: it moves to the end of bySeq. */
	reseq(item: T & { seq: number }, seq: number): void {
		if (this.hasSeq && this.get(item.id) === item) {
			const i = this.seqIndex(item.seq, false);
			if (this.bySeq[i] === item) this.bySeq.splice(i, 1);
			item.seq = seq;
			this.bySeq.push(item);
		} else item.seq = seq;
		this.version++;
	}

	private seqIndex(seq: number, upper: boolean): number {
		let lo = 0;
		let hi = this.bySeq.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const s = this.bySeq[mid].seq ?? 0;
			if (s < seq || (upper && s === seq)) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	sorted(sort: SortSpec<T>): readonly T[] {
		if (sort.seq) return this.bySeq;
		const hit = this.cache.get(sort.name);
		if (hit && hit.version === this.version) return hit.arr;
		const arr = [...this.values()].sort((a, b) => compareItems(sort, a, b));
		this.cache.set(sort.name, { version: this.version, arr });
		return arr;
	}
}

export interface Pending {
	visibleAt: number;
	order: number;
	ids: string[];
	commit(now: number): void;
}

export class CustomerData {
	readonly alerts = new Collection<AlertRec>(false);
	readonly detections = new Collection<DetectionRec>(true);
	readonly events = new Collection<EventRec>(true);
	readonly flows = new Collection<FlowRec>(true, false);
	/** late-arriving objects, committed (made visible, given sequence numbers) at visibleAt */
	pending: Pending[] = [];
	/** records not yet visible, for the raw-state control route */
	readonly hidden = new Map<string, AnyRec>();

	constructor(readonly customerId: string) {}

	assetsCount(a: AlertRec): number {
		const seen = new Set<string>();
		for (const id of a.detectionIds) {
			const d = this.detections.byId.get(id);
			if (d) seen.add(d.asset.ip);
		}
		return seen.size;
	}

	find(id: string): AnyRec | undefined {
		return (
			this.alerts.get(id) ?? this.detections.get(id) ?? this.events.get(id) ?? this.flows.get(id)
		);
	}
}

/** One global increasing counter for events, detections and flows (all customers). */
export class SeqCounter {
	constructor(private last: number) {}
	next(): number {
		return ++this.last;
	}
	get current(): number {
		return this.last;
	}
}

export const SEQ_BASE = 25_700_000;
