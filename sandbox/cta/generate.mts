// Deterministic, realistic-looking CTA data: alerts → threat detections → events → flows.

import type { AlertRec, Asset, CustomerData, DetectionRec, EventRec, FlowRec, Risk, SeqCounter, StatusValue } from './model.mts';
import type { Rand } from './util.mts';

export const DAY = 86_400_000;

const THREATS: ReadonlyArray<{ category: string; families: readonly string[]; risk: readonly number[] }> = [
	// risk weights: Low, Medium, High, Critical
	{ category: 'Malware', families: ['Emotet', 'TrickBot', 'Qakbot', 'Dridex', 'IcedID', 'Ursnif', 'ZLoader', 'Bumblebee'], risk: [5, 30, 45, 20] },
	{ category: 'Information Stealer', families: ['RedLine Stealer', 'Agent Tesla', 'Raccoon Stealer', 'Vidar', 'Lumma Stealer'], risk: [5, 25, 50, 20] },
	{ category: 'Command and Control', families: ['Cobalt Strike beacon', 'Sliver implant', 'Brute Ratel C4', 'Meterpreter session'], risk: [0, 10, 40, 50] },
	{ category: 'Cryptomining', families: ['XMRig miner', 'Monero mining pool communication', 'NiceHash miner'], risk: [30, 50, 20, 0] },
	{ category: 'Potentially Unwanted Application', families: ['Adload adware', 'OpenCandy bundler', 'Browser hijacker', 'Torrent client'], risk: [60, 35, 5, 0] },
	{ category: 'Tunneling', families: ['DNS tunneling', 'DNSCat2', 'ICMP tunneling'], risk: [10, 40, 40, 10] },
	{ category: 'Ransomware', families: ['LockBit', 'BlackCat (ALPHV)', 'Royal', 'Akira'], risk: [0, 0, 30, 70] },
];
const THREAT_WEIGHTS = [30, 15, 12, 12, 15, 8, 5];

const CONVICTING_EVENTS: ReadonlyArray<[string, string]> = [
	['MaliciousConnection', 'Communication with {f} infrastructure'],
	['Beaconing', 'Periodic beaconing to {f} command and control server'],
	['SuspiciousDownload', 'Download of {f} payload'],
	['DomainGenerationAlgorithm', 'DNS requests for {f} DGA domains'],
	['DataExfiltration', 'Unusually large upload to {f} drop zone'],
];
const CONTEXTUAL_EVENTS: ReadonlyArray<[string, string]> = [
	['NewlyRegisteredDomain', 'Connection to a newly registered domain'],
	['FileSharingService', 'Access to an online file sharing service'],
	['AnomalousTls', 'Outbound TLS connection with an anomalous certificate'],
	['DynamicDns', 'DNS request for a dynamic DNS domain'],
	['RareUserAgent', 'HTTP request with a rare user agent'],
	['DirectIpConnection', 'HTTP connection to a raw IP address'],
];
export const CLOSING_REASONS = ['FalsePositive', 'Remediated', 'AcceptedRisk', 'Duplicate', 'Other'];
const NOTES = [
	'Started investigation, our internal ticket ID=INC-{n}',
	'Host reimaged, ticket CHG-{n}',
	'Escalated to tier 2, see SOC-{n}',
	'User contacted, waiting for reply (INC-{n})',
	'Known lab machine, tracked in RISK-{n}',
];
const TLDS = ['.top', '.xyz', '.ru', '.biz', '.info', '.club', '.online', '.net', '.com', '.io'];
const PORTS = [443, 443, 443, 80, 80, 8080, 8443, 53, 4444, 25];
const PROTOCOLS: Record<number, string> = { 443: 'HTTPS', 80: 'HTTP', 8080: 'HTTP', 8443: 'HTTPS', 53: 'DNS', 4444: 'TCP', 25: 'SMTP' };
const HOST_PREFIXES = ['WS', 'LT', 'SRV', 'DB', 'APP', 'VDI', 'MAC'];

export interface ThreatPick {
	category: string;
	family: string;
	riskWeights: readonly number[];
}

export class Factory {
	readonly assets: Asset[] = [];

	constructor(readonly rnd: Rand, assetCount: number) {
		const seen = new Set<string>();
		while (this.assets.length < assetCount) {
			const ip = `10.${rnd.int(0, 63)}.${rnd.int(0, 255)}.${rnd.int(2, 254)}`;
			if (seen.has(ip)) continue;
			seen.add(ip);
			const hostname = `${rnd.pick(HOST_PREFIXES)}-${rnd.alnum(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}.corp.example.com`;
			this.assets.push({ hostname, ip });
		}
	}

	threat(): ThreatPick {
		const t = this.rnd.weighted(THREATS, THREAT_WEIGHTS);
		return { category: t.category, family: this.rnd.pick(t.families), riskWeights: t.risk };
	}

	alert(triggeredAt: number, threat: ThreatPick, o: Partial<AlertRec> = {}): AlertRec {
		const r = this.rnd;
		const risk: Risk = o.risk ?? r.weighted(['Low', 'Medium', 'High', 'Critical'] as const, threat.riskWeights);
		return {
			kind: 'alert',
			id: r.hex(64),
			risk,
			status: o.status ?? 'New',
			closingReasons: o.closingReasons ?? null,
			etaFlag: o.etaFlag !== undefined ? o.etaFlag : r.chance(0.3) ? 'EtaBasedDetection' : null,
			note: o.note ?? null,
			title: o.title ?? threat.family,
			threatCategory: o.threatCategory ?? threat.category,
			triggeredAt,
			modifiedAt: o.modifiedAt ?? triggeredAt,
			detectionIds: [],
		};
	}

	detection(threat: ThreatPick, risk: Risk, asset: Asset, firstActivityAt: number): DetectionRec {
		const r = this.rnd;
		return {
			kind: 'detection',
			id: r.uuid(),
			seq: 0,
			title: threat.family,
			threatCategory: threat.category,
			risk,
			confidence: r.weighted(['High', 'Medium', 'Low'] as const, [50, 35, 15]),
			asset,
			firstActivityAt,
			lastActivityAt: firstActivityAt,
			modifiedAt: firstActivityAt,
			alertIds: [],
			eventIds: [],
		};
	}

	/** An event observed at `t` (its flows are created too and returned). */
	event(t: number, asset: Asset, det: DetectionRec | undefined, flowsPerEvent: number, flowsOut: FlowRec[]): EventRec {
		const r = this.rnd;
		const [eventType, title] = det ? r.pick(CONVICTING_EVENTS) : r.pick(CONTEXTUAL_EVENTS);
		const port = r.pick(PORTS);
		const e: EventRec = {
			kind: 'event',
			id: r.uuid(),
			seq: 0,
			title: det ? title.replace('{f}', det.title) : title,
			eventType,
			timestamp: t,
			modifiedAt: t,
			firstSeenAt: t,
			lastSeenAt: t,
			asset,
			remote: {
				domain: `${r.alnum(r.int(6, 12))}${r.pick(TLDS)}`,
				ip: `${r.int(23, 213)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
				port,
			},
			protocol: PROTOCOLS[port] ?? 'TCP',
			flowsCount: 0,
			bytesSent: 0,
			bytesReceived: 0,
			detectionIds: det ? [det.id] : [],
		};
		const n = flowsPerEvent <= 0 ? 0 : r.int(1, Math.max(1, 2 * flowsPerEvent - 1));
		for (let i = 0; i < n; i++) flowsOut.push(this.flow(e, r.chance(0.3) ? t : t - r.int(1, 600_000)));
		return e;
	}

	/** A flow of event `e` observed at `ts`; updates the event's aggregates unless `apply` is false. */
	flow(e: EventRec, ts: number, apply = true): FlowRec {
		const r = this.rnd;
		const f: FlowRec = {
			kind: 'flow',
			id: r.uuid(),
			seq: 0,
			event: e,
			timeStamp: ts,
			sourcePort: r.int(49152, 65535),
			bytesSent: r.int(200, 50_000),
			bytesReceived: r.int(200, 500_000),
		};
		if (apply) applyFlow(e, f);
		return f;
	}

	note(): string {
		return this.rnd.pick(NOTES).replace('{n}', String(this.rnd.int(10000, 99999)));
	}

	closingReasons(): string[] | null {
		return this.rnd.chance(0.6) ? [this.rnd.pick(CLOSING_REASONS)] : null;
	}

	/** Burst sizes: many events share one instant. */
	burst(max: number): number {
		const r = this.rnd;
		const b = r.weighted([1, 3, 10], [40, 35, 25]);
		const n = b === 1 ? 1 : b === 3 ? r.int(2, 5) : r.int(6, 20);
		return Math.min(n, max);
	}
}

/** Fold a flow into its (aggregate) event. */
export function applyFlow(e: EventRec, f: FlowRec): void {
	e.flowsCount++;
	e.bytesSent += f.bytesSent;
	e.bytesReceived += f.bytesReceived;
	if (f.timeStamp < e.firstSeenAt) e.firstSeenAt = f.timeStamp;
	if (f.timeStamp > e.lastSeenAt) e.lastSeenAt = f.timeStamp;
}

export interface GenOptions {
	alerts: number;
	events: number;
	flowsPerEvent: number;
	baseTime: number;
}

/** Assign sequence numbers in time order (flows, then events, then detections at equal times). */
export function assignSeqs(
	seq: SeqCounter,
	dets: DetectionRec[],
	events: EventRec[],
	flows: FlowRec[],
): Array<DetectionRec | EventRec | FlowRec> {
	const all: Array<DetectionRec | EventRec | FlowRec> = [];
	const time: number[] = [];
	for (const f of flows) {
		all.push(f);
		time.push(f.timeStamp);
	}
	for (const e of events) {
		all.push(e);
		time.push(e.modifiedAt);
	}
	for (const d of dets) {
		all.push(d);
		time.push(d.modifiedAt);
	}
	const idx = new Uint32Array(all.length);
	for (let i = 0; i < idx.length; i++) idx[i] = i;
	idx.sort((a, b) => time[a] - time[b] || a - b);
	const out: Array<DetectionRec | EventRec | FlowRec> = new Array(all.length);
	for (let i = 0; i < idx.length; i++) {
		const rec = all[idx[i]];
		rec.seq = seq.next();
		out[i] = rec;
	}
	return out;
}

export function generateInitial(data: CustomerData, seq: SeqCounter, f: Factory, o: GenOptions): void {
	const r = f.rnd;
	const B = o.baseTime;
	const alerts: AlertRec[] = [];
	const alertThreat: ThreatPick[] = [];
	let prevT = B - DAY;
	for (let i = 0; i < o.alerts; i++) {
		const t = i > 0 && r.chance(0.08) ? prevT : B - 60_000 - Math.floor(r.next() * 30 * DAY);
		prevT = t;
		const threat = f.threat();
		alerts.push(f.alert(t, threat));
		alertThreat.push(threat);
	}
	const order = alerts.map((_, i) => i).sort((a, b) => alerts[a].triggeredAt - alerts[b].triggeredAt || a - b);

	const dets: DetectionRec[] = [];
	const shareable: DetectionRec[] = [];
	for (const i of order) {
		const a = alerts[i];
		const k = r.weighted([1, 2, 3, 4], [50, 30, 15, 5]);
		for (let j = 0; j < k; j++) {
			if (j > 0 && shareable.length && r.chance(0.12)) {
				const si = r.int(0, shareable.length - 1);
				const d = shareable[si];
				shareable.splice(si, 1);
				d.alertIds.push(a.id);
				a.detectionIds.push(d.id);
				continue;
			}
			const d = f.detection(alertThreat[i], a.risk, r.pick(f.assets), a.triggeredAt - r.int(0, 6 * 3_600_000));
			d.alertIds.push(a.id);
			a.detectionIds.push(d.id);
			dets.push(d);
			shareable.push(d);
		}
		a.status = r.weighted(['New', 'Open', 'Closed'] as StatusValue[], [45, 35, 20]);
		if (a.status === 'Closed') a.closingReasons = f.closingReasons();
		if (r.chance(a.status === 'New' ? 0.2 : 0.4)) a.note = f.note();
		if (a.status !== 'New' || a.note !== null || r.chance(0.3))
			a.modifiedAt = a.triggeredAt + Math.floor(r.next() * (B - a.triggeredAt));
	}

	// convicting events, spread over detections, in same-instant bursts
	const events: EventRec[] = [];
	const flows: FlowRec[] = [];
	const convicting = dets.length ? Math.round(o.events * 0.7) : 0;
	const perDet = new Array<number>(dets.length).fill(0);
	for (let i = 0; i < convicting; i++) perDet[i < dets.length ? i : r.int(0, dets.length - 1)]++;
	for (let di = 0; di < dets.length; di++) {
		const d = dets[di];
		let left = perDet[di];
		const span = Math.max(1, Math.min(3 * DAY, B - d.firstActivityAt));
		while (left > 0) {
			const b = f.burst(left);
			left -= b;
			const t = d.firstActivityAt + Math.floor(r.next() * span);
			for (let j = 0; j < b; j++) {
				const e = f.event(t, d.asset, d, o.flowsPerEvent, flows);
				d.eventIds.push(e.id);
				events.push(e);
			}
			if (t > d.lastActivityAt) d.lastActivityAt = t;
		}
		d.modifiedAt = d.lastActivityAt;
	}
	// contextual events (no threat detection)
	let left = o.events - convicting;
	while (left > 0) {
		const b = f.burst(left);
		left -= b;
		const t = B - 1000 - Math.floor(r.next() * 30 * DAY);
		const asset = r.pick(f.assets);
		for (let j = 0; j < b; j++) events.push(f.event(t, asset, undefined, o.flowsPerEvent, flows));
	}

	for (const i of order) data.alerts.add(alerts[i]);
	for (const rec of assignSeqs(seq, dets, events, flows)) {
		if (rec.kind === 'flow') data.flows.add(rec);
		else if (rec.kind === 'event') data.events.add(rec);
		else data.detections.add(rec);
	}
}
