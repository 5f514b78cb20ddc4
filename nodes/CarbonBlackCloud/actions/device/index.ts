import type { INodeProperties } from 'n8n-workflow';

import * as disableBypass from './disableBypass.operation';
import * as enableBypass from './enableBypass.operation';
import * as get from './get.operation';
import * as quarantine from './quarantine.operation';
import * as releaseQuarantine from './releaseQuarantine.operation';
import * as search from './search.operation';
import * as startBackgroundScan from './startBackgroundScan.operation';
import * as stopBackgroundScan from './stopBackgroundScan.operation';

export {
	disableBypass,
	enableBypass,
	get,
	quarantine,
	releaseQuarantine,
	search,
	startBackgroundScan,
	stopBackgroundScan,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		default: 'search',
		options: [
			{
				name: 'Disable Bypass',
				value: 'disableBypass',
				action: 'Disable bypass on a device',
				description: 'Turn the sensor policy back on (changes the endpoint)',
			},
			{
				name: 'Enable Bypass',
				value: 'enableBypass',
				action: 'Enable bypass on a device',
				description: 'Stop enforcing the sensor policy (changes the endpoint)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a device',
				description: "Get a device by its numeric ID, e.g. an alert's device_id",
			},
			{
				name: 'Quarantine',
				value: 'quarantine',
				action: 'Quarantine a device',
				description:
					'Cut the device off the network, except Carbon Black Cloud (changes the endpoint)',
			},
			{
				name: 'Release From Quarantine',
				value: 'releaseQuarantine',
				action: 'Release a device from quarantine',
				description: 'Give the device its network back (changes the endpoint)',
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search devices',
				description: 'Find devices by query, OS, status, priority or policy',
			},
			{
				name: 'Start Background Scan',
				value: 'startBackgroundScan',
				action: 'Start a background scan on a device',
				description: 'Scan the device in the background (changes the endpoint)',
			},
			{
				name: 'Stop Background Scan',
				value: 'stopBackgroundScan',
				action: 'Stop a background scan on a device',
				description: 'Stop the background scan (changes the endpoint)',
			},
		],
	},
	...disableBypass.description,
	...enableBypass.description,
	...get.description,
	...quarantine.description,
	...releaseQuarantine.description,
	...search.description,
	...startBackgroundScan.description,
	...stopBackgroundScan.description,
];
