import type { INodeProperties } from 'n8n-workflow';

/** A console alert URL: id: (or id%3A) not preceded by a letter, digit or _ (not threat_id:). */
const ALERT_URL_VALIDATION = '^https?://.*(?<![A-Za-z0-9_])id(:|%3[Aa])[0-9a-zA-Z-]{8,}.*';
const ALERT_URL_ERROR = 'Not an alert URL: it should contain id: followed by the alert ID';
const ALERT_URL_PLACEHOLDER =
	'e.g. https://defense.conferdeploy.net/alerts?s[c][query_string]=id:52fa009d-…';

/** Alerts API v7 alert: From List (newest first), By ID, By URL (the alert's console link). */
export const alertIdLocator: INodeProperties = {
	displayName: 'Alert',
	name: 'alertId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The alert to use: pick it from the newest alerts, or give its ID or console URL',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAlerts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 52fa009d-e2d1-4118-8a8d-04f521ae66aa',
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: ALERT_URL_PLACEHOLDER,
			validation: [
				{
					type: 'regex',
					properties: { regex: ALERT_URL_VALIDATION, errorMessage: ALERT_URL_ERROR },
				},
			],
		},
	],
};

/**
 * Legacy (v6) alert: By ID and By URL only. The list reads Alerts API v7, and the v6 doc does not
 * say that v6 alert IDs are the v7 ones (its examples are 39-character hex IDs, v7 uses UUIDs).
 */
export const legacyAlertIdLocator: INodeProperties = {
	displayName: 'Alert',
	name: 'alertId',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description: 'The alert to use, by ID or by its console URL',
	modes: [
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 038894832709076d63111e99466f73575fcf3ca',
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: ALERT_URL_PLACEHOLDER,
			validation: [
				{
					type: 'regex',
					properties: { regex: ALERT_URL_VALIDATION, errorMessage: ALERT_URL_ERROR },
				},
			],
		},
	],
};

const TYPE_OPTIONS = [
	{ name: 'CB Analytics', value: 'CB_ANALYTICS' },
	{ name: 'Container Runtime', value: 'CONTAINER_RUNTIME' },
	{ name: 'Device Control', value: 'DEVICE_CONTROL' },
	{ name: 'Host-Based Firewall', value: 'HOST_BASED_FIREWALL' },
	{ name: 'Intrusion Detection System', value: 'INTRUSION_DETECTION_SYSTEM' },
	{ name: 'Network Traffic Analysis', value: 'NETWORK_TRAFFIC_ANALYSIS' },
	{ name: 'Watchlist', value: 'WATCHLIST' },
];

export const WORKFLOW_STATUS_OPTIONS = [
	{ name: 'Open', value: 'OPEN' },
	{ name: 'In Progress', value: 'IN_PROGRESS' },
	{ name: 'Closed', value: 'CLOSED' },
];

const listField = (
	displayName: string,
	name: string,
	placeholder: string,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description: `${description}; several values comma-separated`,
});

/** Friendly criteria and exclusions; helpers/criteria.ts maps them to Alerts API v7 fields. */
export const alertFilters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Alert Type',
			name: 'type',
			type: 'multiOptions',
			default: [],
			options: TYPE_OPTIONS,
		},
		{
			displayName: 'Determination',
			name: 'determination',
			type: 'multiOptions',
			default: [],
			options: [
				{ name: 'True Positive', value: 'TRUE_POSITIVE' },
				{ name: 'False Positive', value: 'FALSE_POSITIVE' },
				{ name: 'None', value: 'NONE' },
			],
		},
		listField('Device ID', 'deviceId', 'e.g. 18118174', 'Numeric device IDs'),
		listField('Device Name', 'deviceName', 'e.g. WIN-SRV-01', 'Device names'),
		{
			displayName: 'Device OS',
			name: 'deviceOs',
			type: 'multiOptions',
			default: [],
			options: [
				{ name: 'Android', value: 'ANDROID' },
				{ name: 'iOS', value: 'IOS' },
				{ name: 'Linux', value: 'LINUX' },
				{ name: 'macOS', value: 'MAC' },
				{ name: 'Windows', value: 'WINDOWS' },
			],
		},
		listField('Device Policy', 'devicePolicy', 'e.g. Standard', 'Policy names'),
		{
			displayName: 'Minimum Severity',
			name: 'minimumSeverity',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 1,
			description: 'Only alerts with at least this severity (1–10)',
		},
		listField('Process Name', 'processName', 'e.g. powershell.exe', 'Process names'),
		listField('Process SHA-256', 'processSha256', 'e.g. 1a2345cd88666a45…', 'SHA-256 hashes'),
		{
			displayName: 'Raw Criteria (JSON)',
			name: 'criteriaJson',
			type: 'json',
			default: '{}',
			description:
				'Any Alerts API criteria, merged over the fields above, e.g. {"device_target_value": ["HIGH"]}',
		},
		{
			displayName: 'Raw Exclusions (JSON)',
			name: 'exclusionsJson',
			type: 'json',
			default: '{}',
			description: 'Alerts matching these are left out, e.g. {"type": ["WATCHLIST"]}',
		},
		listField('Tag', 'tag', 'e.g. escalated', 'Threat tags'),
		listField('Threat ID', 'threatId', 'e.g. 0569620088E6669121E38D9A64DBC24E', 'Threat IDs'),
		{
			displayName: 'Workflow Status',
			name: 'workflowStatus',
			type: 'multiOptions',
			default: [],
			options: WORKFLOW_STATUS_OPTIONS,
		},
	],
};

/** Node version 1.1 and later. */
export const FROM_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

const RANGE_HINT = 'A minus sign, a number and a unit, no space: M (months), w, d, h, m or s. Example: -2w';

/** The relative ranges offered in version 1.1 (the API's own `range` values). */
export const RANGE_PRESETS = [
	{ name: 'Last Hour', value: '-1h' },
	{ name: 'Last 24 Hours', value: '-1d' },
	{ name: 'Last 7 Days', value: '-1w' },
	{ name: 'Last 2 Weeks', value: '-2w' },
	{ name: 'Last Month', value: '-1M' },
	{ name: 'Custom', value: 'custom', description: 'Any range, e.g. -3d or -12h' },
];

/** Time Range (relative or between dates, optionally any time), Range, Start and End. */
export function timeRangeFields(timestampField: string, anyTime = false): INodeProperties[] {
	return [
		{
			displayName: 'Time Range',
			name: 'timeRange',
			type: 'options',
			default: 'relative',
			description: `Which alerts to include, by the time Carbon Black Cloud created them (${timestampField})`,
			options: [
				...(anyTime
					? [{ name: 'Any Time', value: 'any', description: `No ${timestampField} criterion` }]
					: []),
				{
					name: 'Relative',
					value: 'relative',
					description: 'The last N minutes, hours, days, weeks or months',
				},
				{
					name: 'Between Dates',
					value: 'absolute',
					description: 'From a start date to an end date',
				},
			],
		},
		// version 1: Range is free text
		{
			displayName: 'Range',
			name: 'range',
			type: 'string',
			default: '-2w',
			placeholder: 'e.g. -1d',
			description: 'How far back to look',
			hint: RANGE_HINT,
			displayOptions: { show: { timeRange: ['relative'], '@version': [1] } },
		},
		// version 1.1: the common ranges to pick, or a custom one
		{
			displayName: 'Range',
			name: 'rangePreset',
			type: 'options',
			default: '-2w',
			description: 'How far back to look',
			options: RANGE_PRESETS,
			displayOptions: { show: { timeRange: ['relative'], ...FROM_1_1 } },
		},
		{
			displayName: 'Custom Range',
			name: 'range',
			type: 'string',
			default: '-2w',
			placeholder: 'e.g. -3d',
			hint: RANGE_HINT,
			displayOptions: { show: { timeRange: ['relative'], rangePreset: ['custom'], ...FROM_1_1 } },
		},
		{
			displayName: 'Start',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			required: true,
			description: `Earliest ${timestampField}, as an ISO 8601 date or an n8n date`,
			displayOptions: { show: { timeRange: ['absolute'] } },
		},
		{
			displayName: 'End',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			required: true,
			description: `Latest ${timestampField}, as an ISO 8601 date or an n8n date`,
			displayOptions: { show: { timeRange: ['absolute'] } },
		},
	];
}

/** Query, time range and the common criteria shared by alert searches, facets and bulk updates. */
export const alertFilterFields: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. device_name:web* AND NOT process_name:svchost.exe',
		description: 'Lucene query over the alert search fields; leave empty to match all alerts',
	},
	...timeRangeFields('backend_timestamp'),
	alertFilters,
];

/** Alerts API v7 fields that can be faceted: [label shown in the editor, API field]. */
const FACET_FIELDS: Array<[string, string]> = [
	['Alert Type', 'type'],
	['Attack Tactic', 'attack_tactic'],
	['Attack Technique', 'attack_technique'],
	['Determination', 'determination_value'],
	['Device ID', 'device_id'],
	['Device Location', 'device_location'],
	['Device Name', 'device_name'],
	['Device OS', 'device_os'],
	['Device OS Version', 'device_os_version'],
	['Device Policy', 'device_policy'],
	['Device Policy ID', 'device_policy_id'],
	['Device Target Value', 'device_target_value'],
	['Device Username', 'device_username'],
	['ML Classification Verdict', 'ml_classification_final_verdict'],
	['Policy Applied', 'policy_applied'],
	['Process Effective Reputation', 'process_effective_reputation'],
	['Process Name', 'process_name'],
	['Process Reputation', 'process_reputation'],
	['Process SHA-256', 'process_sha256'],
	['Reason Code', 'reason_code'],
	['Report ID', 'report_id'],
	['Report Name', 'report_name'],
	['Run State', 'run_state'],
	['Sensor Action', 'sensor_action'],
	['Severity', 'severity'],
	['Tags', 'tags'],
	['Threat ID', 'threat_id'],
	['TTPs', 'ttps'],
	['Watchlist ID', 'watchlists_id'],
	['Watchlist Name', 'watchlists_name'],
	['Workflow Closure Reason', 'workflow_closure_reason'],
	['Workflow Status', 'workflow_status'],
];

export const facetFields: INodeProperties[] = [
	{
		displayName: 'Facet Fields',
		name: 'facetFields',
		type: 'multiOptions',
		default: ['type'],
		required: true,
		description: 'Fields to count values of; each value found becomes an output item',
		options: FACET_FIELDS.map(([name, value]) => ({
			name,
			value,
			description: `API field ${value}`,
		})),
	},
	{
		displayName: 'Values per Field',
		name: 'facetRows',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 20,
		description: 'How many of the most frequent values to return for each field',
	},
	{
		displayName: 'Apply Filters to Facet Values',
		name: 'filterValues',
		type: 'boolean',
		default: false,
		description:
			'Whether a filter on a faceted field also limits the values counted (off: filtering type WATCHLIST still shows counts of every type)',
	},
];

export const histogramFields: INodeProperties[] = [
	{
		displayName: 'Time Field',
		name: 'histogramField',
		type: 'options',
		default: 'BACKEND_TIMESTAMP',
		options: [
			{ name: 'Backend Timestamp (Created)', value: 'BACKEND_TIMESTAMP' },
			{ name: 'Backend Update Timestamp', value: 'BACKEND_UPDATE_TIMESTAMP' },
			{ name: 'First Event Timestamp', value: 'FIRST_EVENT_TIMESTAMP' },
			{ name: 'Last Event Timestamp', value: 'LAST_EVENT_TIMESTAMP' },
		],
		description: 'Which timestamp buckets the alerts',
	},
	{
		displayName: 'Bucket Size',
		name: 'bucketQuantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'Length of each bucket, in Bucket Unit',
	},
	{
		displayName: 'Bucket Unit',
		name: 'bucketUnit',
		type: 'options',
		default: 'DAY',
		options: [
			{ name: 'Minute', value: 'MINUTE' },
			{ name: 'Hour', value: 'HOUR' },
			{ name: 'Day', value: 'DAY' },
		],
	},
	{
		displayName: 'Minimum Count',
		name: 'minCount',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Buckets with fewer alerts are left out',
	},
];

/** A multi-field Sort collection (field + order) over the given sortable fields. */
export function sortCollection(
	fields: Array<{ name: string; value: string }>,
	defaultField: string,
	description?: string,
): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		placeholder: 'Add Sort Field',
		default: {},
		typeOptions: { multipleValues: true },
		description,
		options: [
			{
				displayName: 'Field',
				name: 'fields',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						default: defaultField,
						options: fields,
					},
					{
						displayName: 'Order',
						name: 'order',
						type: 'options',
						default: 'DESC',
						options: [
							{ name: 'Ascending', value: 'ASC' },
							{ name: 'Descending', value: 'DESC' },
						],
					},
				],
			},
		],
	};
}
