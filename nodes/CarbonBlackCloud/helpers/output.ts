import type { IDataObject } from 'n8n-workflow';

import type { OutputShape } from '../../shared/output';

/** Top-level fields of a v7 alert (the Alerts API v7 field list). */
const ALERT_FIELDS = [
	'alert_notes_present',
	'alert_url',
	'backend_timestamp',
	'backend_update_timestamp',
	'childproc_cmdline',
	'childproc_guid',
	'childproc_username',
	'detection_timestamp',
	'determination',
	'device_external_ip',
	'device_id',
	'device_location',
	'device_name',
	'device_os',
	'device_os_version',
	'device_policy',
	'device_policy_id',
	'device_target_value',
	'device_uem_id',
	'device_username',
	'first_event_timestamp',
	'id',
	'ioc_hit',
	'ioc_id',
	'is_updated',
	'last_event_timestamp',
	'mdr_alert',
	'ml_classification_final_verdict',
	'ml_classification_global_prevalence',
	'ml_classification_org_prevalence',
	'org_key',
	'policy_applied',
	'primary_event_id',
	'process_cmdline',
	'process_effective_reputation',
	'process_guid',
	'process_issuer',
	'process_md5',
	'process_name',
	'process_pid',
	'process_publisher',
	'process_reputation',
	'process_sha256',
	'process_username',
	'reason',
	'reason_code',
	'report_description',
	'report_id',
	'report_link',
	'report_name',
	'report_tags',
	'run_state',
	'sensor_action',
	'severity',
	'tags',
	'threat_id',
	'threat_notes_present',
	'type',
	'user_update_timestamp',
	'watchlists',
	'workflow',
] as const;

export const cbcAlertOutput: OutputShape = {
	noun: 'alerts',
	simplified: [
		'id',
		'backend_timestamp',
		'severity',
		'type',
		'reason',
		'device_id',
		'device_name',
		'threat_id',
		'workflow',
		'alert_url',
	],
	fields: ALERT_FIELDS,
};

/** A group of alerts sharing a threat: the threat, its counts and its newest alert, simplified. */
export const cbcGroupedAlertOutput: OutputShape = {
	noun: 'alert groups',
	simplified: [
		'threat_id',
		'count',
		'highest_severity',
		'first_alert_timestamp',
		'last_alert_timestamp',
		'workflow_states',
		'device_count',
		'tags',
		'most_recent_alert',
	],
	fields: [
		'count',
		'determination_values',
		'device_count',
		'first_alert_timestamp',
		'highest_severity',
		'last_alert_timestamp',
		'ml_classification_final_verdicts',
		'most_recent_alert',
		'policy_applied',
		'tags',
		'threat_notes_present',
		'workflow_states',
		'workload_count',
	],
	simplify(group: IDataObject): IDataObject {
		const recent = (group.most_recent_alert ?? undefined) as IDataObject | undefined;
		const out: IDataObject = {};
		const threatId = group.threat_id ?? recent?.threat_id;
		if (threatId !== undefined) out.threat_id = threatId;
		for (const key of cbcGroupedAlertOutput.simplified) {
			if (key === 'threat_id' || !(key in group)) continue;
			out[key] =
				key === 'most_recent_alert' && recent && typeof recent === 'object'
					? pickKeys(recent, cbcAlertOutput.simplified)
					: group[key];
		}
		return out;
	},
};

function pickKeys(record: IDataObject, keys: readonly string[]): IDataObject {
	const out: IDataObject = {};
	for (const key of keys)
		if (Object.prototype.hasOwnProperty.call(record, key)) out[key] = record[key];
	return out;
}

/** The reads of the Carbon Black Cloud node that offer Output. */
export const CBC_OUTPUTS: Record<string, OutputShape> = {
	'alert:search': cbcAlertOutput,
	'alert:get': cbcAlertOutput,
	'groupedAlert:search': cbcGroupedAlertOutput,
};
