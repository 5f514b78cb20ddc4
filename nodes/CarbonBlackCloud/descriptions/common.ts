import type { INodeProperties } from 'n8n-workflow';

export const alertIdLocator: INodeProperties = {
	displayName: 'Alert',
	name: 'alertId',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description: 'The alert to use, by ID or by its console URL',
	modes: [
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 52fa009d-e2d1-4118-8a8d-04f521ae66aa',
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://defense.conferdeploy.net/alerts?s[c][query_string]=id:52fa009d-…',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^https?://.*id(:|%3A)[0-9a-zA-Z-]{8,}.*',
						errorMessage: 'Not an alert URL: it should contain id:<alert id>',
					},
				},
			],
		},
	],
};

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
	{
		displayName: 'Time Range',
		name: 'timeRange',
		type: 'options',
		default: 'relative',
		description:
			'Which alerts to include, by the time Carbon Black Cloud created them (backend_timestamp)',
		options: [
			{
				name: 'Relative',
				value: 'relative',
				description: 'The last N minutes, hours, days, weeks or months',
			},
			{ name: 'Between Dates', value: 'absolute', description: 'From a start date to an end date' },
		],
	},
	{
		displayName: 'Range',
		name: 'range',
		type: 'string',
		default: '-2w',
		placeholder: 'e.g. -1d',
		description: 'How far back to look: -NUMBER UNIT (no space), unit M (months), w, d, h, m or s',
		displayOptions: { show: { timeRange: ['relative'] } },
	},
	{
		displayName: 'Start',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { timeRange: ['absolute'] } },
	},
	{
		displayName: 'End',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { timeRange: ['absolute'] } },
	},
	{
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
				options: [
					{ name: 'Auto Focus', value: 'CB_ANALYTICS' },
					{ name: 'Container Runtime', value: 'CONTAINER_RUNTIME' },
					{ name: 'Device Control', value: 'DEVICE_CONTROL' },
					{ name: 'Host-Based Firewall', value: 'HOST_BASED_FIREWALL' },
					{ name: 'Intrusion Detection System', value: 'INTRUSION_DETECTION_SYSTEM' },
					{ name: 'Network Traffic Analysis', value: 'NETWORK_TRAFFIC_ANALYSIS' },
					{ name: 'Watchlist', value: 'WATCHLIST' },
				],
			},
			{
				displayName: 'Device Name',
				name: 'deviceName',
				type: 'string',
				default: '',
				placeholder: 'e.g. WIN-SRV-01, laptop-42',
				description: 'One or more device names, comma-separated',
			},
			{
				displayName: 'Minimum Severity',
				name: 'minimumSeverity',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 1,
				description: 'Only alerts with at least this severity (1–10)',
			},
			{
				displayName: 'Raw Criteria (JSON)',
				name: 'criteriaJson',
				type: 'json',
				default: '{}',
				description:
					'Extra criteria as in the Alerts API, merged over the fields above, e.g. {"device_os": ["WINDOWS"]}',
			},
			{
				displayName: 'Raw Exclusions (JSON)',
				name: 'exclusionsJson',
				type: 'json',
				default: '{}',
				description: 'Alerts matching these are left out, e.g. {"type": ["WATCHLIST"]}',
			},
			{
				displayName: 'Workflow Status',
				name: 'workflowStatus',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Open', value: 'OPEN' },
					{ name: 'In Progress', value: 'IN_PROGRESS' },
					{ name: 'Closed', value: 'CLOSED' },
				],
			},
		],
	},
];
