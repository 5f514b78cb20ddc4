import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { timeRangeFields } from './common';

export const pathwayField: INodeProperties = {
	displayName: 'Pathway',
	name: 'pathway',
	type: 'options',
	default: 'all',
	description:
		'Which v6 alert route to use. CB Analytics, VMware and Watchlist only see their own alert type and unlock that type’s extra filters.',
	options: [
		{ name: 'All Alerts', value: 'all', description: 'Route alerts/…' },
		{ name: 'CB Analytics', value: 'cbAnalytics', description: 'Route alerts/cbanalytics/…' },
		{ name: 'VMware', value: 'vmware', description: 'Route alerts/vmware/…' },
		{ name: 'Watchlist', value: 'watchlist', description: 'Route alerts/watchlist/…' },
	],
};

const list = (
	displayName: string,
	name: string,
	placeholder: string,
	description: string,
	pathway?: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description,
	...(pathway ? { displayOptions: { show: { '/pathway': [pathway] } } } : {}),
});

const choice = (
	displayName: string,
	name: string,
	options: INodePropertyOptions[],
	description: string,
	pathway?: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'multiOptions',
	default: [],
	options,
	description,
	...(pathway ? { displayOptions: { show: { '/pathway': [pathway] } } } : {}),
});

const opts = (...values: string[]): INodePropertyOptions[] =>
	values.map((value) => ({
		name: value
			.toLowerCase()
			.split('_')
			.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
			.join(' '),
		value,
	}));

const THREAT_CATEGORIES = opts(
	'KNOWN_MALWARE',
	'NEW_MALWARE',
	'NON_MALWARE',
	'RISKY_PROGRAM',
	'UNKNOWN',
);

/** Query, Time Range (create_time) and the criteria of the v6 search, facet and bulk routes. */
export const selectionFields: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. device_name:web* AND process_name:powershell.exe',
		description: 'Lucene query over the alert fields; leave empty to match all alerts',
	},
	...timeRangeFields('create_time', true),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Criteria the alerts must match. Lists are comma-separated. Pathway-specific filters appear when their pathway is selected.',
		options: [
			list(
				'Alert IDs',
				'alertIds',
				'e.g. 038894832709076d63111e99466f73575fcf3ca',
				'Alert IDs (id)',
			),
			choice(
				'Alert Type',
				'type',
				[
					{ name: 'CB Analytics', value: 'CB_ANALYTICS' },
					{ name: 'VMware', value: 'VMWARE' },
					{ name: 'Watchlist', value: 'WATCHLIST' },
				],
				'Alert types (type)',
			),
			choice(
				'Blocked Threat Category',
				'blockedThreatCategory',
				THREAT_CATEGORIES,
				'CB Analytics only (blocked_threat_category)',
				'cbAnalytics',
			),
			choice(
				'Category',
				'category',
				opts('THREAT', 'MONITORED', 'INFO'),
				'Alert categories (category)',
			),
			list('Device ID', 'deviceId', 'e.g. 388948, 12344', 'Numeric device IDs (device_id)'),
			choice(
				'Device Location',
				'deviceLocation',
				opts('ONSITE', 'OFFSITE', 'UNKNOWN'),
				'CB Analytics only (device_location)',
				'cbAnalytics',
			),
			list('Device Name', 'deviceName', 'e.g. WIN-SRV-01, laptop-42', 'Device names (device_name)'),
			list('Device OS', 'deviceOs', 'e.g. WINDOWS, MAC, LINUX', 'Operating systems (device_os)'),
			list(
				'Device OS Version',
				'deviceOsVersion',
				'e.g. 10.14.6',
				'Operating system versions (device_os_version)',
			),
			list(
				'Device Username',
				'deviceUsername',
				'e.g. name@example.com',
				'Users logged in on the device (device_username)',
			),
			list('Group ID', 'groupId', 'e.g. 3a1b2c…', 'VMware only (group_id)', 'vmware'),
			{
				displayName: 'Group Results',
				name: 'groupResults',
				type: 'boolean',
				default: true,
				description: 'Whether to group alerts of the same threat (group_results)',
			},
			choice(
				'Kill Chain Status',
				'killChainStatus',
				opts(
					'RECONNAISSANCE',
					'WEAPONIZE',
					'DELIVER_EXPLOIT',
					'INSTALL_RUN',
					'COMMAND_AND_CONTROL',
					'EXECUTE_GOAL',
					'BREACH',
				),
				'CB Analytics only (kill_chain_status)',
				'cbAnalytics',
			),
			list(
				'Legacy Alert ID',
				'legacyAlertId',
				'e.g. 1DDU8H9N',
				'Short legacy alert IDs (legacy_alert_id)',
			),
			{
				displayName: 'Minimum Severity',
				name: 'minimumSeverity',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 1,
				description: 'Only alerts with at least this severity, 1–10 (minimum_severity)',
			},
			choice(
				'Not Blocked Threat Category',
				'notBlockedThreatCategory',
				THREAT_CATEGORIES,
				'CB Analytics only (not_blocked_threat_category)',
				'cbAnalytics',
			),
			choice(
				'Policy Applied',
				'policyApplied',
				opts('APPLIED', 'NOT_APPLIED'),
				'CB Analytics only (policy_applied)',
				'cbAnalytics',
			),
			list('Policy ID', 'policyId', 'e.g. 1, 525', 'Numeric policy IDs (policy_id)'),
			list('Policy Name', 'policyName', 'e.g. default, Advanced', 'Policy names (policy_name)'),
			list('Process Name', 'processName', 'e.g. explorer.exe', 'Process names (process_name)'),
			list('Process SHA-256', 'processSha256', 'e.g. 131f95c5…', 'Process hashes (process_sha256)'),
			{
				displayName: 'Raw Criteria (JSON)',
				name: 'criteriaJson',
				type: 'json',
				default: '{}',
				description:
					'Any v6 criteria, merged over the fields above and sent as-is, e.g. {"device_os": ["WINDOWS"], "run_state": ["RAN"]}',
			},
			list(
				'Reason Code',
				'reasonCode',
				'e.g. R_NET_SERVER',
				'CB Analytics only (reason_code)',
				'cbAnalytics',
			),
			list(
				'Report ID',
				'reportId',
				'e.g. CFnKBKLTv6hUkBGFobRdg',
				'Watchlist only (report_id)',
				'watchlist',
			),
			list(
				'Report Name',
				'reportName',
				'e.g. Suspicious PowerShell',
				'Watchlist only (report_name)',
				'watchlist',
			),
			list(
				'Reputation',
				'reputation',
				'e.g. KNOWN_MALWARE, PUP',
				'Process reputations (reputation)',
			),
			choice(
				'Run State',
				'runState',
				opts('DID_NOT_RUN', 'RAN', 'UNKNOWN'),
				'CB Analytics only (run_state)',
				'cbAnalytics',
			),
			list(
				'Sensor Action',
				'sensorAction',
				'e.g. DENY, TERMINATE',
				'CB Analytics only (sensor_action)',
				'cbAnalytics',
			),
			list('Tag', 'tag', 'e.g. triage', 'Alert tags (tag)'),
			choice(
				'Target Value',
				'targetValue',
				opts('LOW', 'MEDIUM', 'HIGH', 'MISSION_CRITICAL'),
				'Device target values (target_value)',
			),
			choice(
				'Threat Cause Vector',
				'threatCauseVector',
				opts(
					'APP_STORE',
					'EMAIL',
					'GENERIC_CLIENT',
					'GENERIC_SERVER',
					'REMOTE_DRIVE',
					'REMOVABLE_MEDIA',
					'THIRD_PARTY',
					'UNKNOWN',
					'WEB',
				),
				'CB Analytics only (threat_cause_vector)',
				'cbAnalytics',
			),
			list(
				'Threat ID',
				'threatId',
				'e.g. b7ce4f79e8903c09d2cd6b615c965c9f',
				'Threat IDs (threat_id)',
			),
			list(
				'Watchlist ID',
				'watchlistId',
				'e.g. 8fbccc2da75f11ed937ae3cb089984c6',
				'Watchlist only (watchlist_id)',
				'watchlist',
			),
			list(
				'Watchlist Name',
				'watchlistName',
				'e.g. ATT&CK Framework',
				'Watchlist only (watchlist_name)',
				'watchlist',
			),
			choice(
				'Workflow State',
				'workflowState',
				[
					{ name: 'Open', value: 'OPEN' },
					{ name: 'Dismissed', value: 'DISMISSED' },
				],
				'Workflow states (workflow)',
			),
		],
	},
];

export const workflowChangeFields: INodeProperties[] = [
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		default: 'DISMISSED',
		required: true,
		description: 'The workflow state to set',
		options: [
			{ name: 'Dismissed', value: 'DISMISSED' },
			{ name: 'Open', value: 'OPEN' },
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
				placeholder: 'e.g. False positive: approved admin tool',
				description: 'Comment stored with the change',
			},
			{
				displayName: 'Remediation State',
				name: 'remediationState',
				type: 'string',
				default: '',
				placeholder: 'e.g. FIXED',
				description: 'Free text that describes or justifies the change (remediation_state)',
			},
		],
	},
];

/** Same names as the v7 wait options, so values survive a switch between operations. */
export function waitOptions(waitByDefault: boolean): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 300,
				description: 'How long to wait for the workflow request before failing',
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: true,
				description: waitByDefault
					? 'Whether to poll the workflow status until the request has finished (on unless turned off here)'
					: 'Whether to poll the workflow status until the request has finished (off unless added here)',
			},
		],
	};
}
