// Carbon Black Cloud Platform Devices API: device search, get, device actions (sandbox/DEVICES.md).
//
//   POST /appservices/v6/orgs/{org_key}/devices/_search      device READ
//   GET  /appservices/v6/orgs/{org_key}/devices/{device_id}  device READ
//   POST /appservices/v6/orgs/{org_key}/device_actions       permission by action_type (ACTION_PERMISSIONS)
//
// This v6 is the Platform Devices API: it was NOT deactivated with Alerts v6 (the cbcV6Gone flag
// leaves these routes alone). Devices are the endpoints the seeded alerts carry (AlertStore's
// device list): every non-zero alert device_id resolves here with the same name, os, os_version,
// policy, IPs and target priority. Device actions answer 204 and change the device after a delay
// (simulator clock; `cbcDeviceActionDelayMs`, default 2000 ms), as the real service applies them
// asynchronously; every accepted action is recorded for the /_sandbox/cbc/device_actions control.
//
// Sources: the Carbon Black Cloud Python SDK (src/cbc_sdk/platform/devices.py: DeviceSearchQuery,
// VALID_* lists, set_max_rows 0..10000, 1-based start sent only when > 1; rest_api.py: _raw_device_action
// accepts 200 or 204, _action_toggle {"toggle": "ON"|"OFF"}, policy_id / sensor_version options;
// platform/models/device.yaml field names and enums; tests/unit/fixtures/platform/mock_devices.py the
// reply shape, e.g. `target_priority` (device.yaml says target_priority_type) and `scan_status: null`)
// and the Devices API doc (Postman copy): action types, "either device_id or search", RBAC table.

import { SYNTAX_ERROR, type SandboxResponse } from '../types.mts';
import type { AlertStore, Device } from './data.mts';
import type { ApiKey, KeyStore, Permission } from './auth.mts';
import type { Call } from './v7.mts';
import { ApiError, badRequest, enumError, invalidValue, malformedJson, notFound } from './errors.mts';
import { compileDocQuery, QueryError, toMs, type DocFieldDef, type QuerySchema } from './query.mts';
import { parseSort, parseTimeFilter, readBody, type Body, type SortSpec } from './search.mts';
import { Rng } from '../rng.mts';
import * as C from './catalog.mts';
import type { ObservationJobs } from './observations.mts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DeviceDoc = Record<string, any>;

/** What device handlers get as `c.state` (the CbcModule). */
export interface DevicesState {
	store: AlertStore;
	keys: KeyStore;
	devices: DeviceStore;
	observations: ObservationJobs;
}
export type DeviceCall = Omit<Call, 'state'> & { state: DevicesState };

const iso = (ms: number): string => new Date(ms).toISOString();
const DAY = 86_400_000;

// ---- vocabularies (SDK DeviceSearchQuery VALID_* and device.yaml) ----

export const DEVICE_OS = ['WINDOWS', 'ANDROID', 'MAC', 'IOS', 'LINUX', 'OTHER'] as const;
export const DEVICE_STATUSES = [
	'PENDING', 'REGISTERED', 'UNINSTALLED', 'DEREGISTERED', 'ACTIVE', 'INACTIVE', 'ERROR', 'ALL', 'BYPASS_ON', 'BYPASS',
	'QUARANTINE', 'SENSOR_OUTOFDATE', 'DELETED', 'LIVE',
] as const;
export const TARGET_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'MISSION_CRITICAL'] as const;
export const DEPLOYMENT_TYPES = ['ENDPOINT', 'WORKLOAD'] as const;
export const SCAN_STATUSES = ['NEVER_RUN', 'STOPPED', 'IN_PROGRESS', 'COMPLETED'] as const;
export const ACTION_TYPES = ['QUARANTINE', 'BYPASS', 'BACKGROUND_SCAN', 'UPDATE_POLICY', 'UPDATE_SENSOR_VERSION', 'UNINSTALL_SENSOR', 'DELETE_SENSOR'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/**
 * Permission per action type, from the Devices API doc's RBAC table. That table pairs
 * device.deregistered DELETE with "DEREGISTER_SENSOR" and device.uninstall EXECUTE with "DELETE_SENSOR",
 * while its action_type list has UNINSTALL_SENSOR and DELETE_SENSOR (and no DEREGISTER_SENSOR): the
 * simulator pairs UNINSTALL_SENSOR with device.uninstall and DELETE_SENSOR with device.deregistered.
 */
export const ACTION_PERMISSIONS: Record<ActionType, Permission> = {
	QUARANTINE: 'device.quarantine:EXECUTE',
	BYPASS: 'device.bypass:EXECUTE',
	BACKGROUND_SCAN: 'device.bg-scan:EXECUTE',
	UPDATE_POLICY: 'device.policy:UPDATE',
	UPDATE_SENSOR_VERSION: 'org.kits:EXECUTE',
	UNINSTALL_SENSOR: 'device.uninstall:EXECUTE',
	DELETE_SENSOR: 'device.deregistered:DELETE',
};
const TOGGLE_ACTIONS: readonly ActionType[] = ['QUARANTINE', 'BYPASS', 'BACKGROUND_SCAN'];

/** Device search `status` values that are filters, not states a device has (simulator's reading of the enum). */
const STATUS_FILTERS: Record<string, (d: DeviceDoc) => boolean> = {
	ALL: () => true,
	QUARANTINE: (d) => d.quarantined === true,
	BYPASS_ON: (d) => d.status === 'BYPASS',
	SENSOR_OUTOFDATE: (d) => d.sensor_out_of_date === true,
	LIVE: (d) => d.status === 'REGISTERED' || d.status === 'BYPASS',
	ACTIVE: (d) => d.status === 'REGISTERED' || d.status === 'BYPASS',
};

// ---- field registry (query, criteria, sort) ----

const KEYWORD = [
	'name', 'os', 'os_version', 'status', 'policy_name', 'current_sensor_policy_name', 'target_priority', 'last_internal_ip_address',
	'last_external_ip_address', 'last_location', 'sensor_version', 'sensor_kit_type', 'deployment_type', 'mac_address', 'email',
	'login_user_name', 'organization_name', 'virtualization_provider', 'windows_platform', 'scan_status', 'av_status', 'sensor_states',
	'linux_kernel_version', 'av_product_version', 'av_engine', 'vm_name', 'uninstall_code', 'first_name', 'last_name',
];
const NUMBER = ['id', 'policy_id', 'ad_group_id', 'organization_id', 'device_owner_id', 'vdi_base_device'];
const BOOL = ['quarantined', 'passive_mode', 'sensor_out_of_date', 'sensor_pending_update', 'virtual_machine', 'policy_override', 'av_master'];
const TIMESTAMP = [
	'last_contact_time', 'registered_time', 'last_reported_time', 'last_device_policy_changed_time', 'last_device_policy_requested_time',
	'last_policy_updated_time', 'deregistered_time', 'scan_last_action_time', 'scan_last_complete_time', 'av_last_scan_time',
	'last_reset_time', 'last_shutdown_time',
];
const ENUMS: Record<string, readonly string[]> = { os: DEVICE_OS, status: DEVICE_STATUSES, target_priority: TARGET_PRIORITIES, deployment_type: DEPLOYMENT_TYPES };

const field = (name: string, kind: DocFieldDef<DeviceDoc>['kind']): DocFieldDef<DeviceDoc> => ({ kind, get: (d) => d[name], enum: ENUMS[name] });
export const DEVICE_FIELDS: Record<string, DocFieldDef<DeviceDoc>> = {};
for (const f of KEYWORD) DEVICE_FIELDS[f] = field(f, 'keyword');
for (const f of NUMBER) DEVICE_FIELDS[f] = field(f, 'number');
for (const f of BOOL) DEVICE_FIELDS[f] = field(f, 'bool');
for (const f of TIMESTAMP) DEVICE_FIELDS[f] = field(f, 'timestamp');

/** Bare query terms search these (hostnames, IPs, device IDs, MACs, users — what integrations look devices up by). */
const DEVICE_DEFAULT_FIELDS = ['name', 'id', 'last_internal_ip_address', 'last_external_ip_address', 'mac_address', 'login_user_name', 'email', 'os', 'os_version', 'policy_name'];
const DEVICE_SCHEMA: QuerySchema<DeviceDoc> = { fields: DEVICE_FIELDS, aliases: { device_id: 'id' }, defaults: DEVICE_DEFAULT_FIELDS };
/** Sortable: every single-valued field. */
export const DEVICE_SORT_FIELDS = Object.keys(DEVICE_FIELDS).filter((f) => f !== 'av_status' && f !== 'sensor_states').sort();
const PRIORITY_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, MISSION_CRITICAL: 4 };

/** Device search: first 10,000 matches reachable (start + rows - 1 <= 10000), rows 0..10000 (SDK set_max_rows). */
export const DEVICE_WINDOW = 10_000;
export const DEVICE_DEFAULT_ROWS = 20;
const SEARCH_PROPS = ['criteria', 'exclusions', 'query', 'start', 'rows', 'sort'];
const ACTION_PROPS = ['action_type', 'device_id', 'search', 'options'];

// ---- seeded device documents ----

const SENSOR_VERSIONS: Record<string, string[]> = {
	WINDOWS: ['3.9.3.2139', '4.0.1.1428', '4.0.2.1560'],
	MAC: ['3.8.1.14', '3.9.0.24'],
	LINUX: ['2.15.2.2105149', '2.16.0.2117391'],
	OTHER: ['3.6.0.1201'],
};
const AV_STATUS: Record<string, string[]> = { WINDOWS: ['AV_ACTIVE', 'ONDEMAND_SCAN_DISABLED'], MAC: ['AV_NOT_REGISTERED'], LINUX: ['AV_NOT_REGISTERED'], OTHER: ['AV_NOT_REGISTERED'] };
const KERNELS = ['5.15.0-91-generic', '4.18.0-477.27.1.el8_8.x86_64', '5.10.201-191.748.amzn2.x86_64', '6.1.0-17-amd64'];
const VIRT = ['VMW_ESX', 'AWS', 'AZURE', 'VirtualBox', 'UNKNOWN'];

function makeDoc(d: Device, r: Rng, orgKey: string, now: number): DeviceDoc {
	const os = d.os;
	const server = os === 'LINUX' || /^(SRV|SQL|WEB|DC|BUILD)/i.test(d.name.replace(/^DEMO\\/, ''));
	const vm = server || r.chance(0.2);
	const registered = now - r.int(30, 700) * DAY;
	const lastContact = now - r.int(5_000, 15 * 60_000);
	const versions = SENSOR_VERSIONS[os] ?? SENSOR_VERSIONS.OTHER;
	const sensorVersion = r.chance(0.1) ? versions[0] : versions[versions.length - 1];
	const email = d.username.includes('@') ? d.username : null;
	const roll = r.next();
	const status = roll < 0.03 ? 'BYPASS' : 'REGISTERED';
	const quarantined = roll >= 0.03 && roll < 0.07;
	const scanned = r.chance(0.2);
	return {
		activation_code: null,
		activation_code_expiry_time: iso(registered + 7 * DAY),
		ad_group_id: 0,
		appliance_name: null,
		appliance_uuid: null,
		asset_group: [],
		av_ave_version: os === 'WINDOWS' ? '8.3.64.260' : null,
		av_engine: os === 'WINDOWS' ? '4.15.2.207-ave.8.3.64.260:avpack.8.5.0.116:vdf.8.20.8.208 (20231201)' : '',
		av_last_scan_time: null,
		av_master: false,
		av_pack_version: os === 'WINDOWS' ? '8.5.0.116' : null,
		av_product_version: os === 'WINDOWS' ? '4.15.2.207' : null,
		av_status: [...(AV_STATUS[os] ?? AV_STATUS.OTHER)],
		av_update_servers: null,
		av_vdf_version: os === 'WINDOWS' ? '8.20.8.208 (20231201)' : null,
		cluster_name: null,
		current_sensor_policy_name: d.policy.name,
		datacenter_name: null,
		deployment_type: os === 'LINUX' && vm && r.chance(0.5) ? 'WORKLOAD' : 'ENDPOINT',
		deregistered_time: null,
		device_meta_data_item_list: [],
		device_owner_id: 90_000 + (d.id % 10_000),
		email,
		esx_host_name: null,
		esx_host_uuid: null,
		first_name: null,
		id: d.id,
		last_contact_time: iso(lastContact),
		last_device_policy_changed_time: iso(registered + DAY),
		last_device_policy_requested_time: iso(lastContact - r.int(0, 6 * 3_600_000)),
		last_external_ip_address: d.externalIp,
		last_internal_ip_address: d.internalIp,
		last_location: d.location,
		last_name: null,
		last_policy_updated_time: iso(registered + DAY),
		last_reported_time: iso(lastContact - r.int(0, 3_600_000)),
		last_reset_time: null,
		last_shutdown_time: null,
		linux_kernel_version: os === 'LINUX' ? r.pick(KERNELS) : null,
		login_user_name: d.username,
		mac_address: r.hex(12),
		middle_name: null,
		name: d.name,
		organization_id: 1105,
		organization_name: `${orgKey.toLowerCase()}.demoorg.com`,
		os,
		os_version: d.osVersion,
		passive_mode: false,
		policy_id: d.policy.id,
		policy_name: d.policy.name,
		policy_override: r.chance(0.3),
		quarantined,
		registered_time: iso(registered),
		scan_last_action_time: scanned ? iso(now - r.int(1, 20) * DAY) : null,
		scan_last_complete_time: null,
		scan_status: scanned ? 'COMPLETED' : null,
		sensor_kit_type: os,
		sensor_out_of_date: sensorVersion !== versions[versions.length - 1],
		sensor_pending_update: false,
		sensor_states: ['ACTIVE', 'LIVE_RESPONSE_NOT_RUNNING', 'LIVE_RESPONSE_NOT_KILLED', 'LIVE_RESPONSE_ENABLED'],
		sensor_version: sensorVersion,
		status,
		target_priority: d.target,
		uninstall_code: r.alnum(8),
		vcenter_name: null,
		vcenter_uuid: null,
		vdi_base_device: null,
		virtual_machine: vm,
		virtualization_provider: vm ? r.pick(VIRT) : 'UNKNOWN',
		vm_ip: null,
		vm_name: null,
		vm_uuid: null,
		vuln_score: 0,
		vuln_severity: null,
		windows_platform: os === 'WINDOWS' ? (server ? 'SERVER_X64' : 'CLIENT_X64') : null,
	};
}

// ---- actions ----

export interface DeviceActionRecord {
	seq: number;
	action_type: ActionType;
	options: Record<string, unknown>;
	/** device_id as sent (numbers), or null when the action named a search. */
	requested_ids: number[] | null;
	search: Body | null;
	/** Existing devices the action applies to. */
	device_ids: number[];
	/** Requested IDs with no device: accepted and ignored (the reply is 204 all the same). */
	unknown_ids: number[];
	principal: string;
	received_at: string;
	apply_at: string;
	applied_at: string | null;
	applyAtMs: number;
}

export interface DeviceConfig {
	/** Delay between the 204 and the device showing the change. */
	actionDelayMs: number;
}

export class DeviceStore {
	config: DeviceConfig = { actionDelayMs: 2000 };
	readonly byId = new Map<number, DeviceDoc>();
	private sorted: DeviceDoc[] = [];
	actions: DeviceActionRecord[] = [];
	private pending: DeviceActionRecord[] = [];
	private seq = 0;
	/** Status before BYPASS ON, restored by BYPASS OFF. */
	private preBypass = new Map<number, string>();
	private rng = new Rng(Math.random);
	private orgKey = 'ABCD1234';

	reset(seeded: readonly Device[], random: () => number, orgKey: string, now: number, config: Partial<DeviceConfig> = {}): void {
		this.rng = new Rng(random);
		this.orgKey = orgKey;
		this.byId.clear();
		this.preBypass.clear();
		this.actions = [];
		this.pending = [];
		this.seq = 0;
		this.config = { actionDelayMs: 2000, ...config };
		for (const d of seeded) this.byId.set(d.id, makeDoc(d, this.rng, orgKey, now));
		this.resort();
	}

	private resort(): void {
		this.sorted = [...this.byId.values()].sort((a, b) => a.id - b.id);
	}

	get count(): number {
		return this.byId.size;
	}

	list(): DeviceDoc[] {
		return this.sorted;
	}

	/** Apply every action whose delay has passed (called on each request with the simulator clock). */
	tick(now: number): void {
		if (!this.pending.length) return;
		const due = this.pending.filter((a) => a.applyAtMs <= now);
		if (!due.length) return;
		this.pending = this.pending.filter((a) => a.applyAtMs > now);
		for (const a of due) this.apply(a, a.applyAtMs);
	}

	/** Apply all pending actions now (control). */
	flush(now: number): number {
		const due = this.pending;
		this.pending = [];
		for (const a of due) this.apply(a, Math.min(now, a.applyAtMs));
		return due.length;
	}

	private apply(a: DeviceActionRecord, at: number): void {
		const toggle = a.options.toggle === 'ON';
		for (const id of a.device_ids) {
			const d = this.byId.get(id);
			if (!d) continue;
			switch (a.action_type) {
				case 'QUARANTINE':
					d.quarantined = toggle;
					break;
				case 'BYPASS':
					if (toggle && d.status !== 'BYPASS') {
						this.preBypass.set(id, d.status);
						d.status = 'BYPASS';
					} else if (!toggle && d.status === 'BYPASS') {
						d.status = this.preBypass.get(id) ?? 'REGISTERED';
						this.preBypass.delete(id);
					}
					break;
				case 'BACKGROUND_SCAN':
					// device.yaml (2025) marks scan_status "Not used"; the simulator still shows the request here.
					d.scan_status = toggle ? 'IN_PROGRESS' : 'STOPPED';
					d.scan_last_action_time = iso(at);
					break;
				case 'UPDATE_POLICY': {
					const id2 = Number(a.options.policy_id);
					d.policy_id = id2;
					d.policy_name = C.POLICIES.find((p) => p.id === id2)?.name ?? d.policy_name;
					d.current_sensor_policy_name = d.policy_name;
					d.policy_override = true;
					d.last_device_policy_changed_time = iso(at);
					break;
				}
				case 'UPDATE_SENSOR_VERSION': {
					const v = (a.options.sensor_version as Record<string, string>)[d.os];
					if (typeof v === 'string') {
						d.sensor_version = v;
						d.sensor_out_of_date = false;
					}
					break;
				}
				case 'UNINSTALL_SENSOR':
					d.status = 'UNINSTALLED';
					d.deregistered_time = iso(at);
					break;
				case 'DELETE_SENSOR':
					d.status = 'DELETED';
					break;
			}
		}
		a.applied_at = iso(at);
	}

	// ---- search ----

	/** Matching devices (criteria AND, values OR within a field; exclusions drop), in `sort` order. */
	select(body: Body, now: number): DeviceDoc[] {
		const preds: ((d: DeviceDoc) => boolean)[] = [];
		if (body.query !== undefined && body.query !== null) {
			if (typeof body.query !== 'string') throw invalidValue('query', 'query must be a string');
			if (body.query.trim() !== '') {
				try {
					preds.push(compileDocQuery(body.query, DEVICE_SCHEMA));
				} catch (e) {
					if (!(e instanceof QueryError)) throw e;
					throw new ApiError(400, {
						error_code: 'INVALID_QUERY',
						message: `Invalid query: ${e.message}`,
						reason: e.kind === 'syntax' ? 'query_malformed_syntax' : 'query_invalid_field',
					});
				}
			}
		}
		const crit = parseDeviceCriteria(body.criteria, 'criteria', now);
		const excl = parseDeviceCriteria(body.exclusions, 'exclusions', now);
		const ids = Array.isArray((body.criteria as Body | undefined)?.id) ? ((body.criteria as Body).id as unknown[]).map(Number) : undefined;
		const pool = ids ? [...new Set(ids)].map((id) => this.byId.get(id)).filter((d): d is DeviceDoc => !!d).sort((a, b) => a.id - b.id) : this.sorted;
		return pool.filter((d) => preds.every((p) => p(d)) && crit.every((p) => p(d)) && !excl.some((p) => p(d)));
	}

	search(body: Body, now: number): { results: DeviceDoc[]; num_found: number } {
		const sort = parseSort(body.sort, DEVICE_SORT_FIELDS, []);
		const { start, rows } = parseDevicePaging(body);
		const all = sortDevices(this.select(body, now), sort);
		return { results: all.slice(start - 1, start - 1 + rows), num_found: all.length };
	}

	// ---- actions ----

	/** Validate a device_actions body, check the permission for its action type, record it; the caller answers 204. */
	action(json: unknown, key: ApiKey, keys: KeyStore, now: number): DeviceActionRecord {
		if (json === SYNTAX_ERROR) throw malformedJson();
		if (json === undefined || json === null) throw invalidValue('action_type', 'Request body is required: { "action_type": …, "device_id": [ … ], "options": { … } }');
		const body = readBody(json, ACTION_PROPS);
		const type = body.action_type;
		if (type === undefined || type === null || type === '') throw invalidValue('action_type', 'action_type is required');
		if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) throw enumError('action_type', type, ACTION_TYPES);
		const actionType = type as ActionType;
		keys.authorize(key, ACTION_PERMISSIONS[actionType]);

		const hasIds = body.device_id !== undefined && body.device_id !== null;
		const hasSearch = body.search !== undefined && body.search !== null;
		if (hasIds === hasSearch)
			throw invalidValue(hasIds ? 'search' : 'device_id', hasIds ? 'Give either device_id or search, not both' : 'device_id (a list of device IDs) or search is required');
		let requested: number[] | null = null;
		let targets: number[];
		let unknown: number[] = [];
		let search: Body | null = null;
		if (hasIds) {
			requested = parseDeviceIds(body.device_id);
			const uniq = [...new Set(requested)];
			targets = uniq.filter((id) => this.byId.has(id));
			unknown = uniq.filter((id) => !this.byId.has(id));
		} else {
			if (typeof body.search !== 'object' || Array.isArray(body.search)) throw invalidValue('search', 'search must be a device search object { query, criteria, exclusions }');
			search = readBodyAt(body.search as Body, SEARCH_PROPS, 'search');
			targets = this.select(search, now).map((d) => d.id as number);
		}
		const options = parseOptions(actionType, body.options);
		const rec: DeviceActionRecord = {
			seq: ++this.seq,
			action_type: actionType,
			options,
			requested_ids: requested,
			search,
			device_ids: targets,
			unknown_ids: unknown,
			principal: key.apiId,
			received_at: iso(now),
			apply_at: iso(now + this.config.actionDelayMs),
			applied_at: null,
			applyAtMs: now + this.config.actionDelayMs,
		};
		this.actions.push(rec);
		if (this.actions.length > 10_000) this.actions.splice(0, this.actions.length - 10_000);
		this.pending.push(rec);
		if (this.config.actionDelayMs <= 0) this.tick(now);
		return rec;
	}

	// ---- control: /_sandbox/cbc/devices…, /_sandbox/cbc/device_actions… ----

	control(seg: string[], method: string, body: Body, now: number, query: URLSearchParams): SandboxResponse | undefined {
		const json = (status: number, b: unknown): SandboxResponse => ({ status, body: b });
		this.tick(now);
		if (seg[0] === 'devices') {
			if (seg.length === 1 && method === 'GET') return json(200, { config: this.config, count: this.count, devices: this.sorted });
			if (seg.length === 1 && method === 'POST') return json(200, this.upsert(body, now));
			if (seg.length === 2 && seg[1] === 'config' && (method === 'POST' || method === 'GET')) {
				if (method === 'POST' && body.actionDelayMs !== undefined) {
					const v = Number(body.actionDelayMs);
					if (!Number.isFinite(v) || v < 0) throw new Error('actionDelayMs must be a number >= 0');
					this.config.actionDelayMs = v;
				}
				return json(200, { config: this.config });
			}
			if (seg.length === 2 && method === 'GET') {
				const d = this.byId.get(Number(seg[1]));
				if (!d) return json(404, { error: `no device ${seg[1]}` });
				return json(200, { device: d, pending: this.pending.filter((a) => a.device_ids.includes(d.id)).map(view) });
			}
		}
		if (seg[0] === 'device_actions') {
			if (seg.length === 1 && method === 'GET') {
				const type = query.get('action_type');
				const list = type ? this.actions.filter((a) => a.action_type === type) : this.actions;
				return json(200, { config: this.config, pending: this.pending.length, summary: summarize(list), actions: list.map(view) });
			}
			if (seg.length === 1 && method === 'DELETE') {
				const n = this.actions.length;
				this.actions = [];
				return json(200, { cleared: n, pending: this.pending.length });
			}
			if (seg.length === 2 && seg[1] === 'apply' && method === 'POST') return json(200, { applied: this.flush(now) });
		}
		return undefined;
	}

	/** POST /_sandbox/cbc/devices { devices: [partial device docs] }: merge into existing IDs, create new ones. */
	private upsert(body: Body, now: number): Record<string, unknown> {
		const list = Array.isArray(body.devices) ? (body.devices as Body[]) : body.id !== undefined ? [body] : [];
		if (!list.length) throw new Error('expected { devices: [ { id, …fields } ] }');
		const created: number[] = [];
		const updated: number[] = [];
		for (const p of list) {
			const id = Number(p.id);
			if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`invalid device id ${String(p.id)}`);
			const existing = this.byId.get(id);
			if (existing) {
				Object.assign(existing, p, { id });
				updated.push(id);
				continue;
			}
			const os = typeof p.os === 'string' ? p.os : 'WINDOWS';
			const base = makeDoc(
				{
					id,
					name: typeof p.name === 'string' ? p.name : `device-${id}`,
					os,
					osVersion: (C.OS_VERSIONS[os] ?? C.OS_VERSIONS.OTHER)[0],
					policy: C.POLICIES[0],
					username: 'user@demoorg.com',
					target: 'MEDIUM',
					location: 'ONSITE',
					externalIp: '203.0.113.1',
					internalIp: '10.0.0.1',
					uem: '',
				},
				this.rng,
				this.orgKey,
				now,
			);
			this.byId.set(id, Object.assign(base, { status: 'REGISTERED', quarantined: false }, p, { id }));
			created.push(id);
		}
		this.resort();
		return { created, updated, count: this.count };
	}
}

function view(a: DeviceActionRecord): Record<string, unknown> {
	const { applyAtMs: _a, ...rest } = a;
	return rest;
}

/** Requests and device IDs per action type (and per toggle), for tests that count what a client sent. */
function summarize(list: DeviceActionRecord[]): Record<string, unknown> {
	const out: Record<string, { requests: number; device_ids: number[]; unknown_ids: number[]; by_toggle: Record<string, number> }> = {};
	for (const a of list) {
		const s = (out[a.action_type] ??= { requests: 0, device_ids: [], unknown_ids: [], by_toggle: {} });
		s.requests++;
		s.device_ids.push(...a.device_ids);
		s.unknown_ids.push(...a.unknown_ids);
		const t = typeof a.options.toggle === 'string' ? a.options.toggle : '-';
		s.by_toggle[t] = (s.by_toggle[t] ?? 0) + 1;
	}
	return out;
}

// ---- request parsing ----

function readBodyAt(json: Body, known: readonly string[], where: string): Body {
	for (const k of Object.keys(json))
		if (!known.includes(k)) throw badRequest('UNEXPECTED_PROPERTY', `Malformed JSON input: ${where}.${k}`, { field: `${where}.${k}`, property_name: k, known_properties: [...known] });
	return json;
}

/** Device IDs: numbers or numeric strings (the PowerShell module sends strings), at least one. */
function parseDeviceIds(v: unknown): number[] {
	if (!Array.isArray(v)) throw invalidValue('device_id', 'device_id must be a list of device IDs');
	if (v.length === 0) throw invalidValue('device_id', 'device_id must list at least one device ID');
	return v.map((x) => {
		const n = typeof x === 'number' ? x : typeof x === 'string' && /^\d+$/.test(x.trim()) ? Number(x.trim()) : NaN;
		if (!Number.isSafeInteger(n) || n < 0) throw invalidValue('device_id', `Invalid device ID ${JSON.stringify(x)}: device IDs are whole numbers`);
		return n;
	});
}

function parseOptions(type: ActionType, v: unknown): Record<string, unknown> {
	if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) throw invalidValue('options', 'options must be an object');
	const o = (v ?? {}) as Body;
	const known = ['toggle', 'policy_id', 'sensor_version'];
	for (const k of Object.keys(o)) if (!known.includes(k)) throw badRequest('UNEXPECTED_PROPERTY', `Malformed JSON input: options.${k}`, { field: `options.${k}`, property_name: k, known_properties: known });
	if (TOGGLE_ACTIONS.includes(type)) {
		if (o.toggle === undefined || o.toggle === null) throw invalidValue('options.toggle', `options.toggle (ON or OFF) is required for ${type}`);
		if (o.toggle !== 'ON' && o.toggle !== 'OFF') throw enumError('options.toggle', o.toggle, ['ON', 'OFF']);
		return { toggle: o.toggle };
	}
	if (type === 'UPDATE_POLICY') {
		const id = typeof o.policy_id === 'string' && /^\d+$/.test(o.policy_id) ? Number(o.policy_id) : o.policy_id;
		if (id === undefined || id === null) throw invalidValue('options.policy_id', 'options.policy_id is required for UPDATE_POLICY');
		if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw invalidValue('options.policy_id', 'options.policy_id must be a policy ID (a whole number)');
		if (!C.POLICIES.some((p) => p.id === id)) throw invalidValue('options.policy_id', `No policy with ID ${id}; known: ${C.POLICIES.map((p) => p.id).join(', ')}`);
		return { policy_id: id };
	}
	if (type === 'UPDATE_SENSOR_VERSION') {
		const sv = o.sensor_version;
		if (!sv || typeof sv !== 'object' || Array.isArray(sv) || Object.keys(sv).length === 0)
			throw invalidValue('options.sensor_version', 'options.sensor_version is required for UPDATE_SENSOR_VERSION: { "<OS>": "<version>", … }');
		for (const [os, ver] of Object.entries(sv as Body)) {
			if (!(DEVICE_OS as readonly string[]).includes(os)) throw enumError('options.sensor_version', os, DEVICE_OS);
			if (typeof ver !== 'string' || !ver.trim()) throw invalidValue(`options.sensor_version.${os}`, 'sensor versions are strings such as "3.9.3.2139"');
		}
		return { sensor_version: { ...(sv as Body) } };
	}
	return {};
}

function int(v: unknown, f: string, dflt: number): number {
	if (v === undefined || v === null) return dflt;
	const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
	if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidValue(f, `${f} must be a whole number`);
	return n;
}

export function parseDevicePaging(body: Body): { start: number; rows: number } {
	const start = int(body.start, 'start', 1);
	const rows = int(body.rows, 'rows', DEVICE_DEFAULT_ROWS);
	if (start < 1) throw badRequest('INVALID_PAGINATION', 'start must be a whole number greater than or equal to 1 (it is one-based)', { field: 'start' });
	if (rows < 0 || rows > DEVICE_WINDOW)
		throw badRequest('INVALID_PAGINATION', `rows must be between 0 and ${DEVICE_WINDOW}`, { field: 'rows', rows });
	if (start - 1 + rows > DEVICE_WINDOW)
		throw badRequest('INVALID_PAGINATION', `start + rows - 1 must not exceed ${DEVICE_WINDOW}: a device search returns only its first 10,000 results (got start=${start}, rows=${rows})`, { field: 'start', start, rows });
	return { start, rows };
}

function parseDeviceCriteria(v: unknown, where: 'criteria' | 'exclusions', now: number): ((d: DeviceDoc) => boolean)[] {
	if (v === undefined || v === null) return [];
	if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(where, `${where} must be an object`);
	const out: ((d: DeviceDoc) => boolean)[] = [];
	for (const [name, value] of Object.entries(v as Body)) {
		const def = DEVICE_FIELDS[name];
		if (!def) throw badRequest('INVALID_FIELD', `Unknown ${where} field: ${name}`, { field: `${where}.${name}` });
		if (def.kind === 'timestamp') {
			const [s, e] = parseTimeFilter(value, `${where}.${name}`, now);
			out.push((d) => {
				const t = toMs(d[name]);
				return t >= s && t <= e;
			});
			continue;
		}
		if (!Array.isArray(value)) throw invalidValue(`${where}.${name}`, `${where}.${name} must be an array of values`);
		if (def.enum) for (const x of value) if (typeof x !== 'string' || !def.enum.includes(x)) throw enumError(`${where}.${name}`, x, def.enum);
		if (name === 'status') {
			const tests = value.map((s) => STATUS_FILTERS[s as string] ?? ((d: DeviceDoc) => d.status === s));
			out.push((d) => tests.some((t) => t(d)));
			continue;
		}
		let test: (x: unknown) => boolean;
		if (def.kind === 'number') {
			const set = new Set(value.map(Number));
			test = (x) => set.has(Number(x));
		} else if (def.kind === 'bool') {
			const set = new Set(value.map((x) => x === true || x === 'true'));
			test = (x) => typeof x === 'boolean' && set.has(x);
		} else {
			const set = new Set(value.map((x) => String(x).toLowerCase()));
			test = (x) => x !== null && x !== undefined && set.has(String(x).toLowerCase());
		}
		out.push((d) => {
			const x = d[name];
			return Array.isArray(x) ? x.some(test) : test(x);
		});
	}
	return out;
}

function sortKey(d: DeviceDoc, f: string): number | string | null {
	const v = d[f];
	if (v === null || v === undefined || v === '') return null;
	if (f === 'target_priority') return PRIORITY_RANK[v] ?? 0;
	if (typeof v === 'number') return v;
	if (typeof v === 'boolean') return v ? 1 : 0;
	return String(v).toLowerCase();
}

/** Sort by the given fields (nulls last), then id ascending; no sort = id ascending. */
function sortDevices(list: DeviceDoc[], sort: SortSpec[]): DeviceDoc[] {
	if (!sort.length) return list;
	return [...list].sort((x, y) => {
		for (const s of sort) {
			const a = sortKey(x, s.field);
			const b = sortKey(y, s.field);
			if (a === b) continue;
			if (a === null) return 1;
			if (b === null) return -1;
			const c = a < b ? -1 : 1;
			return s.desc ? -c : c;
		}
		return x.id - y.id;
	});
}

// ---- route handlers ----

export function searchDevices(c: DeviceCall): SandboxResponse {
	const body = readBody(c.req.json, SEARCH_PROPS);
	return { status: 200, body: c.state.devices.search(body, c.req.now) };
}

export function getDevice(c: DeviceCall): SandboxResponse {
	const raw = c.params[0];
	// Non-numeric IDs: 400, as a typed path parameter that does not convert answers (the simulator's choice; no source).
	if (!/^\d+$/.test(raw)) throw invalidValue('device_id', `Invalid device ID ${JSON.stringify(raw)}: device IDs are whole numbers`);
	const d = c.state.devices.byId.get(Number(raw));
	if (!d) throw notFound(`Failed to look up device, orgKey: ${c.org}, device id: ${raw}`, { org_key: c.org, resource_type: 'Device' });
	return { status: 200, body: d };
}

export function deviceActions(c: DeviceCall): SandboxResponse {
	c.state.devices.action(c.req.json, c.key, c.state.keys, c.req.now);
	return { status: 204 };
}
