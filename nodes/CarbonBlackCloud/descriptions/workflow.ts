import type { INodeProperties } from 'n8n-workflow';

export const workflowChangeFields: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'CLOSED',
		options: [
			{ name: 'Closed', value: 'CLOSED' },
			{ name: 'In Progress', value: 'IN_PROGRESS' },
			{ name: 'Keep Current', value: 'KEEP' },
			{ name: 'Open', value: 'OPEN' },
		],
		description: 'New workflow status of the alerts',
	},
	{
		displayName: 'Closure Reason',
		name: 'closureReason',
		type: 'options',
		default: 'NO_REASON',
		options: [
			{ name: 'Duplicate Cleanup', value: 'DUPLICATE_CLEANUP' },
			{ name: 'No Reason', value: 'NO_REASON' },
			{ name: 'Other', value: 'OTHER' },
			{ name: 'Resolved', value: 'RESOLVED' },
			{ name: 'Resolved Benign / Known Good', value: 'RESOLVED_BENIGN_KNOWN_GOOD' },
		],
		displayOptions: { show: { status: ['CLOSED'] } },
	},
	{
		displayName: 'Determination',
		name: 'determination',
		type: 'options',
		default: 'KEEP',
		options: [
			{ name: 'False Positive', value: 'FALSE_POSITIVE' },
			{ name: 'Keep Current', value: 'KEEP' },
			{ name: 'None', value: 'NONE' },
			{ name: 'True Positive', value: 'TRUE_POSITIVE' },
		],
		description: 'Whether the alerts are a true or false positive',
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Closed after triage, ticket SOC-1234',
		description: 'Added as a note to every updated alert',
	},
];

export const waitOptions: INodeProperties = {
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
			description: 'How long to wait for the job before failing',
		},
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait until Carbon Black Cloud has applied the change (the update runs as a job)',
		},
	],
};
