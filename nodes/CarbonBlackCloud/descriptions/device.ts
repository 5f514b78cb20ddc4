import type { INodeProperties } from 'n8n-workflow';

export const deviceIdLocator: INodeProperties = {
	displayName: 'Device',
	name: 'deviceId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: "The device to use: from the list, or its numeric ID, e.g. an alert's device_id",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchDevices', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. {{ $json.device_id }} or 18118174',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*\\d{1,19}\\s*$', errorMessage: 'A device ID is a number' },
				},
			],
		},
	],
};

export const DEVICE_OS_OPTIONS = ['ANDROID', 'IOS', 'LINUX', 'MAC', 'OTHER', 'WINDOWS'].map(
	(value) => ({ name: value === 'IOS' ? 'iOS' : value[0] + value.slice(1).toLowerCase(), value }),
);

/** The device statuses of the Platform Devices API (the CBC SDK's DeviceSearchQuery). */
export const DEVICE_STATUS_OPTIONS = [
	'ACTIVE',
	'ALL',
	'BYPASS',
	'BYPASS_ON',
	'DELETED',
	'DEREGISTERED',
	'ERROR',
	'INACTIVE',
	'LIVE',
	'PENDING',
	'QUARANTINE',
	'REGISTERED',
	'SENSOR_OUTOFDATE',
	'UNINSTALLED',
].map((value) => ({
	name: value
		.split('_')
		.map((w) => w[0] + w.slice(1).toLowerCase())
		.join(' '),
	value,
}));

export const TARGET_PRIORITY_OPTIONS = [
	{ name: 'Low', value: 'LOW' },
	{ name: 'Medium', value: 'MEDIUM' },
	{ name: 'High', value: 'HIGH' },
	{ name: 'Mission Critical', value: 'MISSION_CRITICAL' },
];

/** Options of every device action: the bounded wait for the new state and the AI-tool opt-in. */
export const deviceActionOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Allow Use by an AI Agent',
			name: 'allowAiAgent',
			type: 'boolean',
			default: false,
			description:
				'Whether an AI agent may run this action when the node is its tool. Off by default: the action changes endpoints.',
		},
		{
			displayName: 'Confirmation Timeout (Seconds)',
			name: 'confirmTimeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: 120,
			description:
				'How long Wait for Confirmation re-reads the devices before reporting them as not confirmed',
		},
		{
			displayName: 'Wait for Confirmation',
			name: 'waitForConfirmation',
			type: 'boolean',
			default: false,
			description:
				'Whether to re-read the devices until the change shows (Carbon Black applies it after accepting the request); each item then says whether its device confirmed',
		},
	],
};
