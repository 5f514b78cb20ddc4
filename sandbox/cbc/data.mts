// CBC alert store: deterministic generation, indices by id / backend_timestamp, threats, notes, history.

import { Rng } from '../rng.mts';
import * as C from './catalog.mts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AlertDoc = Record<string, any>;

export interface Note {
	author: string;
	create_timestamp: string;
	last_update_timestamp: string;
	id: string;
	source: string;
	note: string;
	parent_id: string | null;
	read_history: Record<string, string> | null;
	thread: Note[] | null;
}

export interface HistoryEntry {
	type: string;
	[key: string]: unknown;
}

export interface StoredAlert {
	doc: AlertDoc; // the v7 representation returned by the API
	ts: number; // backend_timestamp in ms
	visibleAt: number; // searchable from this simulator time on (late arrival)
	legacyId: string; // v6 legacy_alert_id
	history: HistoryEntry[]; // beyond the creation entry
	notes: Note[];
	v6Comment: string | null;
	v6Remediation: string | null;
	rank: number; // position in id order (see AlertStore.ensureRanks)
}

export interface Threat {
	id: string;
	notes: Note[];
	tags: string[];
	history: HistoryEntry[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const DATA_SPAN_MS = 35 * DAY;

const iso = (ms: number): string => new Date(ms).toISOString();

/** A seeded endpoint: alerts carry it as device_*; sandbox/cbc/devices.mts serves it as a Platform device. */
export interface Device {
	id: number;
	name: string;
	os: string;
	osVersion: string;
	policy: { id: number; name: string };
	username: string;
	target: string;
	location: string;
	externalIp: string;
	internalIp: string;
	uem: string;
}

interface ThreatTemplate {
	id: string;
	type: C.AlertType;
	severity: number;
	fields: AlertDoc; // shared type-specific fields
	reason: string;
	reasonCode: string;
	os: string | null;
	tags: string[];
}

export interface GenerateOptions {
	orgKey: string;
	count: number;
	now: number;
}

export class AlertStore {
	orgKey = 'ABCD1234';
	/** Alerts sorted by (backend_timestamp asc, id asc). */
	sorted: StoredAlert[] = [];
	tsIndex = new Float64Array(0);
	byId = new Map<string, StoredAlert>();
	threats = new Map<string, Threat>();
	/** Alerts per threat_id (kept in sync by insert/reindexThreat). */
	byThreat = new Map<string, StoredAlert[]>();
	private rankDirty = true;
	private parentHashes = new Map<string, [string, string]>();
	private dirty = false;
	/** The latest visibleAt of any alert: when it has passed, every alert is searchable. */
	latestVisibleAt = 0;
	private rng = new Rng(Math.random);
	private devices: Device[] = [];
	private devicesByOs = new Map<string, Device[]>();
	private templates: ThreatTemplate[] = [];
	private templateWeights: number[] = [];
	noteSeq = 0;

	/** Regenerate everything from a PRNG. */
	generate(random: () => number, opts: GenerateOptions): void {
		this.rng = new Rng(random);
		this.orgKey = opts.orgKey;
		this.sorted = [];
		this.byId.clear();
		this.threats.clear();
		this.byThreat.clear();
		this.parentHashes.clear();
		this.noteSeq = 0;
		this.latestVisibleAt = 0;
		const n = Math.max(0, Math.floor(opts.count));
		this.devices = Array.from({ length: Math.min(2000, Math.max(12, Math.ceil(n / 40))) }, (_, i) => this.makeDevice(i));
		this.devicesByOs.clear();
		for (const d of this.devices) {
			if (!this.devicesByOs.has(d.os)) this.devicesByOs.set(d.os, []);
			this.devicesByOs.get(d.os)!.push(d);
		}
		const threatCount = Math.max(8, Math.ceil(n / 25));
		this.templates = Array.from({ length: threatCount }, () => this.makeTemplate());
		// Power-law weights: a few threats group many alerts.
		let acc = 0;
		this.templateWeights = this.templates.map((_, i) => (acc += 1 / Math.pow(i + 1, 0.9)));
		for (const t of this.templates) this.threats.set(t.id, { id: t.id, notes: [], tags: [...t.tags], history: [] });

		const stamps = this.makeTimestamps(n, opts.now);
		for (let i = 0; i < n; i++) {
			const a = this.makeAlert(stamps[i], opts.now);
			this.sorted.push(a);
			this.byId.set(a.doc.id, a);
			this.indexThreat(a);
		}
		this.addSeedNotes(opts.now);
		this.dirty = true;
		this.rankDirty = true;
		this.ensureSorted();
	}

	/** Spread over the last 5 weeks with a burst hour (>10k alerts for big sets) and many ms ties. */
	private makeTimestamps(n: number, now: number): number[] {
		const r = this.rng;
		const burst = n >= 25_000 ? 10_500 : Math.floor(n * 0.1);
		const burstStart = Math.floor((now - 9 * DAY) / HOUR) * HOUR + 60_000; // one clock hour inside the default -2w window
		const out: number[] = new Array(n);
		for (let i = 0; i < n; i++) {
			if (i < burst) out[i] = burstStart + Math.floor(r.next() * (HOUR - 180_000));
			else out[i] = now - 5_000 - Math.floor(r.next() * (DATA_SPAN_MS - 5_000));
		}
		out.sort((a, b) => a - b);
		// Ties: ~12% of alerts share the exact millisecond of their predecessor.
		for (let i = 1; i < n; i++) if (r.next() < 0.12) out[i] = out[i - 1];
		return out;
	}

	private makeDevice(i: number): Device {
		const r = this.rng;
		const os = r.weighted(['WINDOWS', 'MAC', 'LINUX', 'OTHER'], [70, 12, 16, 2]);
		const user = r.pick(C.FIRST_NAMES);
		const prefix = os === 'LINUX' ? r.pick(['SRV', 'BUILD', 'WEB', 'SQL']) : r.pick(C.HOST_PREFIXES);
		return {
			id: 18_000_000 + i * 37 + r.int(0, 30),
			name: os === 'WINDOWS' && r.chance(0.3) ? `DEMO\\${prefix}-${r.alnum(6)}` : `${prefix.toLowerCase()}-${r.alnum(5).toLowerCase()}`,
			os,
			osVersion: r.pick(C.OS_VERSIONS[os]),
			policy: r.pick(C.POLICIES),
			username: os === 'LINUX' ? r.pick(['root', 'deploy', 'ubuntu']) : `${user}@demoorg.com`,
			target: r.weighted([...C.TARGET_VALUES], [20, 50, 20, 10]),
			location: r.pick(C.DEVICE_LOCATIONS),
			externalIp: `203.0.113.${r.int(1, 254)}`,
			internalIp: `10.${r.int(0, 40)}.${r.int(0, 255)}.${r.int(1, 254)}`,
			uem: r.chance(0.2) ? r.hex(12) : '',
		};
	}

	private makeTemplate(forcedType?: C.AlertType, forcedId?: string): ThreatTemplate {
		const r = this.rng;
		const type = forcedType ?? r.weighted(C.ALERT_TYPES, C.TYPE_WEIGHTS);
		const rid = r.chance(0.7) ? r.hex(32).toUpperCase() : r.hex(32);
		const id = forcedId ?? rid;
		const tags = r.chance(0.25) ? [r.pick(C.TAG_POOL)] : [];
		const reasonCode = `${r.uuid()}:${r.uuid()}`;
		const base = { id, type, tags, reasonCode };
		const proc = (os?: string): C.ProcessDef => r.pick(os ? C.PROCESSES.filter((p) => p.os === os) : C.PROCESSES);
		const hashes = { process_sha256: r.hex(64), process_md5: r.hex(32) };
		switch (type) {
			case 'WATCHLIST': {
				const rep = r.pick(C.REPORTS);
				const p = proc();
				const wl = r.pick(C.WATCHLISTS);
				const iocId = `${r.uuid()}-0`;
				return {
					...base,
					severity: r.int(3, 9),
					os: p.os,
					reason: `Process ${p.name} was detected by the report "${rep.name}" in watchlist "${wl.name}"`,
					fields: {
						report_id: `${r.alnum(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}-${iocId.slice(0, 36)}`,
						report_name: rep.name,
						report_description: `Detects ${rep.name.toLowerCase()}.\n\nFalse Positives:\nSome environments may legitimately use this.`,
						report_tags: rep.tags,
						report_link: rep.link,
						ioc_id: iocId,
						ioc_hit: `((process_name:${p.name})) -enriched:true`,
						watchlists: [wl],
						attack_tactic: rep.tactic,
						attack_technique: rep.technique,
						proc: p,
						...hashes,
					},
				};
			}
			case 'CB_ANALYTICS': {
				const p = proc();
				const ttps = [r.pick(C.TTPS), r.pick(C.TTPS)].filter((v, i, a) => a.indexOf(v) === i);
				return {
					...base,
					severity: r.int(2, 10),
					os: p.os,
					reason: r.pick([
						`The application ${p.name} invoked another application (cmd.exe).`,
						`The application ${p.name} acted as a network server.`,
						`A known malware process (${p.name}) was detected running.`,
						`The application ${p.name} attempted to modify a system executable.`,
					]),
					fields: {
						ttps,
						attack_tactic: r.pick(['TA0002', 'TA0005', 'TA0011']),
						attack_technique: r.pick(['T1059', 'T1218.011', 'T1071']),
						blocked_effective_reputation: r.pick(C.REPUTATIONS),
						blocked_name: p.path,
						blocked_sha256: hashes.process_sha256,
						proc: p,
						...hashes,
					},
				};
			}
			case 'DEVICE_CONTROL': {
				const usb = r.pick(C.USB_DEVICES);
				return {
					...base,
					severity: r.int(2, 5),
					os: 'WINDOWS',
					reason: `Access attempted on unapproved device ${usb.product_name} (${usb.vendor_name}).`,
					fields: { ...usb, external_device_friendly_name: `${usb.vendor_name} ${usb.product_name} USB Device`, serial_number: r.alnum(12) },
				};
			}
			case 'CONTAINER_RUNTIME': {
				const rule = r.pick(C.K8S.rules);
				const workload = r.pick(C.K8S.workloads);
				return {
					...base,
					severity: r.int(3, 8),
					os: null,
					reason: `${rule}: workload ${workload}`,
					fields: {
						k8s_cluster: r.pick(C.K8S.clusters),
						k8s_namespace: r.pick(C.K8S.namespaces),
						k8s_kind: r.pick(C.K8S.kinds),
						k8s_policy: 'Default Runtime Policy',
						k8s_policy_id: r.uuid(),
						k8s_rule: rule,
						k8s_rule_id: r.uuid(),
						k8s_workload_name: workload,
						workload_name: workload,
						workload_id: r.hex(24),
						connection_type: r.pick(['EGRESS', 'INGRESS', 'INTERNAL']),
						remote_ip: `198.51.100.${r.int(1, 254)}`,
						remote_domain: r.pick(['pool.example.net', 'cdn.example.org', '']),
						remote_is_private: false,
						ip_reputation: r.int(0, 100),
						port: r.pick([443, 80, 3333, 22]),
						protocol: 'TCP',
						egress_group_name: 'public-internet',
						egress_group_id: r.uuid(),
					},
				};
			}
			case 'HOST_BASED_FIREWALL': {
				const fw = r.pick(C.FIREWALL_RULES);
				return {
					...base,
					severity: r.int(1, 5),
					os: 'WINDOWS',
					reason: `Firewall rule "${fw.name}" blocked a connection.`,
					fields: {
						rule_name: fw.name,
						rule_category_name: fw.category,
						rule_category_id: r.uuid(),
						rule_id: r.uuid(),
						netconn_protocol: fw.protocol,
						netconn_local_port: fw.port,
						netconn_remote_port: r.int(1024, 65000),
						netconn_remote_ip: `198.51.100.${r.int(1, 254)}`,
						netconn_remote_domain: '',
						proc: proc('WINDOWS'),
						...hashes,
					},
				};
			}
			default: {
				const nt = r.pick(C.NETWORK_THREATS);
				return {
					...base,
					severity: r.int(4, 10),
					os: null,
					reason: `${type === 'INTRUSION_DETECTION_SYSTEM' ? 'Intrusion detected' : 'Suspicious network traffic'}: ${nt.name}`,
					fields: {
						threat_name: nt.name,
						network_threat_category: nt.category,
						tms_rule_id: r.uuid(),
						rule_id: r.uuid(),
						netconn_protocol: nt.protocol,
						netconn_remote_port: nt.port,
						netconn_local_port: r.int(1024, 65000),
						netconn_remote_ip: `198.51.100.${r.int(1, 254)}`,
						netconn_remote_domain: r.pick(['c2.example.net', 'update.example.com', '']),
						attack_tactic: r.pick(['TA0011', 'TA0008', 'TA0010']),
						attack_technique: r.pick(['T1071.001', 'T1021.002', 'T1048']),
					},
				};
			}
		}
	}

	/** Build one alert (optionally forcing a template). */
	makeAlert(ts: number, now: number, templateId?: string): StoredAlert {
		const r = this.rng;
		const t = (templateId && this.templates.find((x) => x.id === templateId)) || this.pickTemplate();
		const devicePool = (t.os && this.devicesByOs.get(t.os)) || this.devices;
		const d = r.pick(devicePool);
		const id = r.uuid();
		const detection = ts - r.int(1_000, 300_000);
		const firstEvent = detection - r.int(0, 600_000);
		const lastEvent = firstEvent + Math.floor(r.next() * (detection - firstEvent));
		const updated = r.chance(0.25) ? Math.min(now - 1_000, ts + r.int(60_000, 3 * DAY)) : ts;
		const backendUpdate = Math.max(ts, updated);
		const status = r.weighted(C.WORKFLOW_STATUSES, [60, 15, 25]);
		const userTs = status === 'OPEN' ? null : Math.min(now - 1_000, ts + r.int(60_000, 2 * DAY));
		const changeTs = userTs ?? ts;
		const analyst = r.pick(C.ANALYSTS);
		const workflow = {
			change_timestamp: iso(changeTs),
			changed_by_type: userTs === null ? 'SYSTEM' : 'USER',
			changed_by: userTs === null ? 'ALERT_CREATION' : analyst,
			closure_reason: status === 'CLOSED' ? r.pick(C.CLOSURE_REASONS.slice(1)) : 'NO_REASON',
			status,
		};
		const detRoll = r.next();
		const determination =
			detRoll < 0.3
				? null
				: detRoll < 0.33
					? { change_timestamp: '1970-01-01T00:00:00.000Z', value: 'ALERT_CLASSIFICATION_UNKNOWN', changed_by_type: 'OPERATOR_UNKNOWN', changed_by: null }
					: status === 'CLOSED'
						? { change_timestamp: iso(changeTs), value: r.pick(['TRUE_POSITIVE', 'FALSE_POSITIVE']), changed_by_type: 'USER', changed_by: analyst }
						: { change_timestamp: iso(ts), value: 'NONE', changed_by_type: 'SYSTEM', changed_by: 'ALERT_CREATION' };
		const threat = this.threats.get(t.id);
		const tagRoll = r.next();
		const tags = tagRoll < 0.4 ? null : tagRoll < 0.5 ? [] : threat && threat.tags.length ? [...threat.tags] : tagRoll < 0.6 ? [r.pick(C.TAG_POOL)] : [];
		const severity = Math.max(1, Math.min(10, t.severity + r.int(-1, 1)));
		const p: C.ProcessDef | undefined = t.fields.proc;
		const parent = r.pick(C.PARENTS[d.os] ?? C.PARENTS.OTHER);
		const container = t.type === 'CONTAINER_RUNTIME';
		const ml = r.weighted(C.ML_VERDICTS, [10, 60, 15, 15]);
		const doc: AlertDoc = {
			org_key: this.orgKey,
			alert_url: `https://defense.conferdeploy.net/alerts?s[c][query_string]=id:${id}&orgKey=${this.orgKey}`,
			id,
			type: t.type,
			backend_timestamp: iso(ts),
			user_update_timestamp: userTs === null ? null : iso(userTs),
			backend_update_timestamp: iso(Math.max(backendUpdate, userTs ?? 0)),
			detection_timestamp: iso(detection),
			first_event_timestamp: iso(firstEvent),
			last_event_timestamp: iso(lastEvent),
			severity,
			reason: t.reason,
			reason_code: t.reasonCode,
			threat_id: t.id,
			primary_event_id: `${r.alnum(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}-0`,
			policy_applied: t.type === 'CB_ANALYTICS' && r.chance(0.3) ? 'APPLIED' : 'NOT_APPLIED',
			run_state: r.weighted([...C.RUN_STATES], [70, 20, 10]),
			sensor_action: r.weighted([...C.SENSOR_ACTIONS], [70, 15, 10, 5]),
			workflow,
			determination,
			tags,
			alert_notes_present: false,
			threat_notes_present: false,
			is_updated: backendUpdate > ts,
			device_id: container ? 0 : d.id,
			device_name: container ? '' : d.name,
			device_uem_id: container ? '' : d.uem,
			device_target_value: d.target,
			device_policy: container ? '' : d.policy.name,
			device_policy_id: container ? 0 : d.policy.id,
			device_os: container ? 'LINUX' : d.os,
			device_os_version: container ? '' : d.osVersion,
			device_username: container ? '' : d.username,
			device_location: container ? 'UNKNOWN' : d.location,
			device_external_ip: container ? '' : d.externalIp,
			device_internal_ip: container ? '' : d.internalIp,
			mdr_alert: r.chance(0.03),
			mdr_workflow_change_timestamp: null,
			ml_classification_final_verdict: ml,
			ml_classification_global_prevalence: r.pick(['LOW', 'MEDIUM', 'HIGH']),
			ml_classification_org_prevalence: r.pick(['LOW', 'MEDIUM', 'HIGH']),
			ml_classification_anomalies: [] as unknown[],
		};
		if (p) {
			Object.assign(doc, {
				process_guid: `${this.orgKey}-${d.id.toString(16).padStart(8, '0')}-${r.hex(8)}-00000000-${r.hex(15)}`,
				process_pid: r.int(300, 65000),
				process_name: p.os === 'WINDOWS' && r.chance(0.5) ? p.path : p.name,
				process_sha256: t.fields.process_sha256,
				process_md5: t.fields.process_md5,
				process_effective_reputation: r.pick(C.REPUTATIONS),
				process_reputation: r.pick(C.REPUTATIONS),
				process_cmdline: p.cmdline,
				process_username: d.os === 'WINDOWS' ? `DEMO\\${d.username.split('@')[0].toUpperCase()}` : d.username,
				process_issuer: p.issuer,
				process_publisher: p.publisher,
				parent_guid: `${this.orgKey}-${d.id.toString(16).padStart(8, '0')}-${r.hex(8)}-00000000-${r.hex(15)}`,
				parent_pid: r.int(4, 5000),
				parent_name: parent.name,
				parent_sha256: this.parentHash(parent.name)[0],
				parent_md5: this.parentHash(parent.name)[1],
				parent_effective_reputation: 'TRUSTED_WHITE_LIST',
				parent_reputation: 'TRUSTED_WHITE_LIST',
				parent_cmdline: parent.cmdline,
				parent_username: parent.username,
				childproc_guid: '',
				childproc_username: '',
				childproc_cmdline: '',
			});
		}
		for (const [k, v] of Object.entries(t.fields)) if (k !== 'proc' && !(k in doc)) doc[k] = v;
		if (ml === 'ANOMALOUS')
			doc.ml_classification_anomalies = [{ anomalous_field: 'actor_process_modload_count', anomaly_name: 'Process modloads', anomalous_field_baseline_values: ['0', '1'], anomalous_value: String(r.int(20, 90)) }];
		const history: HistoryEntry[] = [];
		if (userTs !== null) history.push({ type: 'USER_WORKFLOW_UPDATE', workflow: { ...workflow } });
		if (determination && determination.changed_by_type === 'USER') history.push({ type: 'USER_DETERMINATION_UPDATE', determination: { ...determination } });
		return { doc, ts, visibleAt: 0, legacyId: r.alnum(8), history, notes: [], v6Comment: null, v6Remediation: null, rank: -1 };
	}

	private parentHash(name: string): [string, string] {
		let h = this.parentHashes.get(name);
		if (!h) this.parentHashes.set(name, (h = [this.rng.hex(64), this.rng.hex(32)]));
		return h;
	}

	/** Template id for a control-added alert of a given type and/or threat id (created on demand). */
	templateFor(type?: string, threatId?: string): string | undefined {
		let t = threatId ? this.templates.find((x) => x.id === threatId) : type ? this.templates.find((x) => x.type === type) : undefined;
		if (!t && (type || threatId)) {
			t = this.makeTemplate(type as C.AlertType | undefined, threatId);
			this.templates.push(t);
			this.templateWeights.push(this.templateWeights[this.templateWeights.length - 1] ?? 1);
			if (!this.threats.has(t.id)) this.threats.set(t.id, { id: t.id, notes: [], tags: [...t.tags], history: [] });
		}
		return t?.id;
	}

	/** Power-law pick via binary search over cumulative weights. */
	private pickTemplate(): ThreatTemplate {
		const w = this.templateWeights;
		const x = this.rng.next() * w[w.length - 1];
		let lo = 0;
		let hi = w.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (w[mid] <= x) lo = mid + 1;
			else hi = mid;
		}
		return this.templates[lo];
	}

	private addSeedNotes(now: number): void {
		const r = this.rng;
		for (const a of this.sorted) {
			if (!r.chance(0.05)) continue;
			const at = Math.min(now - 1_000, a.ts + r.int(60_000, DAY));
			this.addAlertNote(a, r.pick(C.NOTE_TEXTS), r.pick(C.ANALYSTS), at, false);
		}
		for (const t of this.threats.values()) {
			if (!r.chance(0.15)) continue;
			const note = this.newNote(r.pick(C.NOTE_TEXTS), r.pick(C.ANALYSTS), now - r.int(HOUR, 10 * DAY), null);
			this.addThreatNote(t, note);
		}
	}

	newNote(text: string, author: string, at: number, parentId: string | null): Note {
		this.noteSeq++;
		return {
			author,
			create_timestamp: iso(at),
			last_update_timestamp: iso(at),
			id: this.rng.uuid(),
			source: 'CUSTOMER',
			note: text,
			parent_id: parentId,
			read_history: null,
			thread: null,
		};
	}

	addAlertNote(a: StoredAlert, text: string, author: string, at: number, bump = true, parentId: string | null = null): Note {
		const note = this.newNote(text, author, at, parentId);
		a.notes.push(note);
		a.history.push({ type: 'ALERT_NOTE_ADDED', note: { ...note } });
		a.doc.alert_notes_present = true;
		if (bump) this.touch(a, at);
		return note;
	}

	addThreatNote(t: Threat, note: Note): void {
		t.notes.push(note);
		t.history.push({ type: 'THREAT_NOTE_ADDED', note: { ...note } });
		this.setThreatNotesFlag(t);
	}

	setThreatNotesFlag(t: Threat): void {
		const present = t.notes.length > 0;
		for (const a of this.alertsOfThreat(t.id)) a.doc.threat_notes_present = present;
	}

	alertsOfThreat(threatId: string): StoredAlert[] {
		return this.byThreat.get(threatId) ?? [];
	}

	private indexThreat(a: StoredAlert): void {
		const list = this.byThreat.get(a.doc.threat_id);
		if (list) list.push(a);
		else this.byThreat.set(a.doc.threat_id, [a]);
	}

	/** Call after changing an alert's threat_id. */
	reindexThreat(a: StoredAlert, oldThreatId: string): void {
		const list = this.byThreat.get(oldThreatId);
		if (list) this.byThreat.set(oldThreatId, list.filter((x) => x !== a));
		if (!this.threats.has(a.doc.threat_id)) this.threats.set(a.doc.threat_id, { id: a.doc.threat_id, notes: [], tags: [], history: [] });
		this.indexThreat(a);
	}

	/** Set StoredAlert.rank = position in id order (cheap id tiebreaks in sorts); lazy after inserts. */
	ensureRanks(): void {
		if (!this.rankDirty) return;
		const ids = this.sorted.map((a) => a.doc.id as string).sort(); // native string sort
		const pos = new Map<string, number>();
		for (let i = 0; i < ids.length; i++) pos.set(ids[i], i);
		for (const a of this.sorted) a.rank = pos.get(a.doc.id) as number;
		this.rankDirty = false;
	}

	/** Mark an alert as updated now (backend_update_timestamp moves, never backwards). */
	touch(a: StoredAlert, at: number): void {
		const prev = Date.parse(a.doc.backend_update_timestamp);
		a.doc.backend_update_timestamp = iso(Math.max(at, prev + 1));
		a.doc.is_updated = true;
	}

	/** Insert a new alert (control endpoint). */
	insert(a: StoredAlert): void {
		this.byId.set(a.doc.id, a);
		if (!this.threats.has(a.doc.threat_id)) this.threats.set(a.doc.threat_id, { id: a.doc.threat_id, notes: [], tags: [], history: [] });
		this.indexThreat(a);
		this.rankDirty = true;
		const last = this.sorted[this.sorted.length - 1];
		this.sorted.push(a);
		if (last && (last.ts > a.ts || (last.ts === a.ts && last.doc.id > a.doc.id))) this.dirty = true;
		else this.dirty ||= this.tsIndex.length !== this.sorted.length - 1;
		if (!this.dirty) {
			const idx = new Float64Array(this.sorted.length);
			idx.set(this.tsIndex);
			idx[this.sorted.length - 1] = a.ts;
			this.tsIndex = idx;
		}
	}

	/** Makes an alert searchable from `ms` (simulator time) on. */
	setVisibleAt(a: StoredAlert, ms: number): void {
		a.visibleAt = ms;
		this.latestVisibleAt = Math.max(this.latestVisibleAt, ms);
	}

	/** Change an alert's backend_timestamp (keeps indices consistent). */
	setTimestamp(a: StoredAlert, ts: number): void {
		a.ts = ts;
		a.doc.backend_timestamp = iso(ts);
		this.dirty = true;
	}

	ensureSorted(): void {
		if (!this.dirty) return;
		this.sorted.sort((x, y) => x.ts - y.ts || (x.doc.id < y.doc.id ? -1 : x.doc.id > y.doc.id ? 1 : 0));
		this.tsIndex = Float64Array.from(this.sorted, (a) => a.ts);
		this.dirty = false;
	}

	/** Index range [lo, hi) of alerts with lo <= backend_timestamp < hi. */
	range(fromMs: number, toMs: number): [number, number] {
		this.ensureSorted();
		return [lowerBound(this.tsIndex, fromMs), lowerBound(this.tsIndex, toMs)];
	}

	/** The seeded endpoints (regenerated with the alerts). */
	get seededDevices(): readonly Device[] {
		return this.devices;
	}

	templateIds(): string[] {
		return this.templates.map((t) => t.id);
	}

	get random(): Rng {
		return this.rng;
	}
}

export function lowerBound(arr: Float64Array, v: number): number {
	let lo = 0;
	let hi = arr.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (arr[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
