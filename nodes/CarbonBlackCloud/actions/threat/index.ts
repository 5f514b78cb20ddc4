import type { INodeProperties } from 'n8n-workflow';

import * as getHistory from './getHistory.operation';

export { getHistory };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['threat'] } },
		default: 'getHistory',
		options: [
			{
				name: 'Get History',
				value: 'getHistory',
				action: 'Get the history of a threat',
				description: 'Actions taken on a threat, such as notes added',
			},
		],
	},
	...getHistory.description,
];
