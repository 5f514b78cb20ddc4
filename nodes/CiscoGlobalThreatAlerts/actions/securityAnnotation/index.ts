import type { INodeProperties } from 'n8n-workflow';

import * as exportAnnotations from './exportAnnotations.operation';

export { exportAnnotations };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['securityAnnotation'] } },
		default: 'exportAnnotations',
		options: [
			{
				name: 'Export',
				value: 'exportAnnotations',
				action: 'Export security annotations',
				description:
					'Events in sequence order, each with its threat detections and alerts, for a SIEM',
			},
		],
	},
	...exportAnnotations.description,
];
