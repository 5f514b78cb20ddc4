// v7 search field registry: how query/criteria/facets/sort read a field from an alert.

import * as C from './catalog.mts';
import type { StoredAlert } from './data.mts';

export type FieldKind = 'keyword' | 'text' | 'number' | 'timestamp' | 'bool';

export interface FieldDef {
	kind: FieldKind;
	get(a: StoredAlert): unknown; // scalar, array or null
	enum?: readonly string[];
}

const direct = (name: string, kind: FieldKind, enumValues?: readonly string[]): FieldDef => ({
	kind,
	get: (a) => a.doc[name],
	enum: enumValues,
});

const KEYWORDS = [
	'id', 'org_key', 'threat_id', 'reason_code', 'primary_event_id', 'device_name', 'device_uem_id', 'device_policy',
	'device_os_version', 'device_username', 'device_external_ip', 'device_internal_ip', 'report_id', 'report_name',
	'report_tags', 'report_link', 'ioc_id', 'process_guid', 'process_name', 'process_sha256', 'process_md5',
	'process_effective_reputation', 'process_reputation', 'process_username', 'process_issuer', 'process_publisher',
	'parent_guid', 'parent_name', 'parent_sha256', 'parent_md5', 'parent_effective_reputation', 'parent_reputation',
	'parent_username', 'childproc_guid', 'childproc_username', 'attack_tactic', 'attack_technique', 'ttps',
	'blocked_effective_reputation', 'blocked_name', 'blocked_sha256', 'ml_classification_global_prevalence',
	'ml_classification_org_prevalence', 'vendor_name', 'vendor_id', 'product_name', 'product_id', 'serial_number',
	'external_device_friendly_name', 'k8s_cluster', 'k8s_namespace', 'k8s_kind', 'k8s_policy', 'k8s_policy_id', 'k8s_rule',
	'k8s_rule_id', 'k8s_workload_name', 'workload_name', 'workload_id', 'connection_type', 'remote_ip', 'remote_domain',
	'protocol', 'egress_group_name', 'egress_group_id', 'rule_name', 'rule_category_name', 'rule_category_id', 'rule_id',
	'netconn_protocol', 'netconn_remote_ip', 'netconn_remote_domain', 'threat_name', 'network_threat_category', 'tms_rule_id',
	'tags', 'alert_url',
];
const TEXTS = ['reason', 'report_description', 'process_cmdline', 'parent_cmdline', 'childproc_cmdline', 'ioc_hit'];
const NUMBERS = ['severity', 'device_id', 'device_policy_id', 'process_pid', 'parent_pid', 'port', 'ip_reputation', 'netconn_local_port', 'netconn_remote_port'];
const BOOLS = ['alert_notes_present', 'threat_notes_present', 'is_updated', 'mdr_alert', 'remote_is_private'];
export const TIMESTAMP_FIELDS = [
	'backend_timestamp',
	'user_update_timestamp',
	'backend_update_timestamp',
	'detection_timestamp',
	'first_event_timestamp',
	'last_event_timestamp',
	'workflow_change_timestamp',
	'mdr_workflow_change_timestamp',
];

export const FIELDS: Record<string, FieldDef> = {};
for (const f of KEYWORDS) FIELDS[f] = direct(f, 'keyword');
for (const f of TEXTS) FIELDS[f] = direct(f, 'text');
for (const f of NUMBERS) FIELDS[f] = direct(f, 'number');
for (const f of BOOLS) FIELDS[f] = direct(f, 'bool');
for (const f of TIMESTAMP_FIELDS) FIELDS[f] = direct(f, 'timestamp');
Object.assign(FIELDS, {
	type: direct('type', 'keyword', C.ALERT_TYPES),
	device_os: direct('device_os', 'keyword', C.DEVICE_OSES),
	device_target_value: direct('device_target_value', 'keyword', C.TARGET_VALUES),
	device_location: direct('device_location', 'keyword', C.DEVICE_LOCATIONS),
	policy_applied: direct('policy_applied', 'keyword', C.POLICY_APPLIED),
	run_state: direct('run_state', 'keyword', C.RUN_STATES),
	sensor_action: direct('sensor_action', 'keyword', C.SENSOR_ACTIONS),
	ml_classification_final_verdict: direct('ml_classification_final_verdict', 'keyword', C.ML_VERDICTS),
	workflow_status: { kind: 'keyword', enum: C.WORKFLOW_STATUSES, get: (a) => a.doc.workflow?.status },
	workflow_closure_reason: { kind: 'keyword', enum: C.CLOSURE_REASONS, get: (a) => a.doc.workflow?.closure_reason },
	workflow_changed_by: { kind: 'keyword', get: (a) => a.doc.workflow?.changed_by },
	workflow_changed_by_type: { kind: 'keyword', get: (a) => a.doc.workflow?.changed_by_type },
	workflow_change_timestamp: { kind: 'timestamp', get: (a) => a.doc.workflow?.change_timestamp },
	determination_value: { kind: 'keyword', enum: C.DETERMINATIONS, get: (a) => a.doc.determination?.value ?? 'NONE' },
	determination_changed_by: { kind: 'keyword', get: (a) => a.doc.determination?.changed_by ?? null },
	determination_changed_by_type: { kind: 'keyword', get: (a) => a.doc.determination?.changed_by_type ?? null },
	watchlists_id: { kind: 'keyword', get: (a) => (a.doc.watchlists as { id: string }[] | undefined)?.map((w) => w.id) },
	watchlists_name: { kind: 'keyword', get: (a) => (a.doc.watchlists as { name: string }[] | undefined)?.map((w) => w.name) },
	alert_id: { kind: 'keyword', get: (a) => a.doc.id },
} satisfies Record<string, FieldDef>);

/** Query-only aliases that read existing fields. */
export const QUERY_ALIASES: Record<string, string> = { tag: 'tags', alert_type: 'type', watchlist_name: 'watchlists_name', watchlist_id: 'watchlists_id' };

/** Fields searched by bare (unfielded) query terms. */
export const DEFAULT_TEXT_FIELDS = ['id', 'reason', 'threat_id', 'device_name', 'device_username', 'process_name', 'process_cmdline', 'report_name', 'threat_name', 'rule_name', 'k8s_workload_name', 'product_name'];

/** Criteria fields that take a time filter object. backend_timestamp is rejected (time_range only). */
export const CRITERIA_TIME_FIELDS = TIMESTAMP_FIELDS.filter((f) => f !== 'backend_timestamp');

export const SORT_FIELDS = [
	'backend_timestamp',
	'user_update_timestamp',
	'backend_update_timestamp',
	'detection_timestamp',
	'first_event_timestamp',
	'last_event_timestamp',
	'severity',
	'workflow_change_timestamp',
	'device_target_value',
	'mdr_workflow_change_timestamp',
	'workload_name',
] as const;

export const FACET_FIELDS = [
	'type', 'threat_id', 'device_id', 'device_name', 'device_os', 'device_os_version', 'device_policy', 'device_policy_id',
	'device_target_value', 'device_username', 'device_location', 'workflow_status', 'workflow_closure_reason', 'determination_value',
	'tags', 'severity', 'policy_applied', 'run_state', 'sensor_action', 'reason_code', 'attack_tactic', 'attack_technique', 'ttps',
	'ml_classification_final_verdict', 'process_name', 'process_sha256', 'process_effective_reputation', 'process_reputation',
	'parent_name', 'watchlists_id', 'watchlists_name', 'report_id', 'report_name', 'alert_notes_present', 'threat_notes_present',
	'mdr_alert', 'vendor_name', 'product_name', 'k8s_cluster', 'k8s_namespace', 'k8s_kind', 'workload_name', 'rule_name',
	'rule_category_name', 'netconn_remote_ip', 'threat_name', 'network_threat_category',
];

export const TARGET_VALUE_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, MISSION_CRITICAL: 4 };

/** All field names, for search_suggestions. */
export const ALL_FIELD_NAMES = Object.keys(FIELDS).sort();
