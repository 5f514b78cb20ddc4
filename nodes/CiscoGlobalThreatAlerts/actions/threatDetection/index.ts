import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as searchWithAlertIds from './searchWithAlertIds.operation';

export { getAll, searchWithAlertIds };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['threatDetection'] } },
		default: 'getAll',
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many threat detections',
				description: 'List threat detections, following the cursor',
			},
			{
				name: 'Search with Alert IDs',
				value: 'searchWithAlertIds',
				action: 'Search threat detections with alert ID',
				description: 'Threat detections with the IDs of their alerts, all or by ID',
			},
		],
	},
	...getAll.description,
	...searchWithAlertIds.description,
];
