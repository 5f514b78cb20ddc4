import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as getAllWithThreatDetectionIds from './getAllWithThreatDetectionIds.operation';
import * as search from './search.operation';

export { getAll, getAllWithThreatDetectionIds, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		default: 'search',
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many events',
				description: 'List security events, following the cursor',
			},
			{
				name: 'Get Many with Threat Detection IDs',
				value: 'getAllWithThreatDetectionIds',
				action: 'Get many events with threat detection ID',
				description: 'Events with the IDs of their threat detections (empty for contextual events)',
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search events',
				description: 'Events filtered by event or threat detection IDs, in stable sequence order',
			},
		],
	},
	...getAll.description,
	...getAllWithThreatDetectionIds.description,
	...search.description,
];
