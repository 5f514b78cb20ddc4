import type { INodeProperties } from 'n8n-workflow';

import * as search from './search.operation';

export { search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['flow'] } },
		default: 'search',
		options: [
			{
				name: 'Search',
				value: 'search',
				action: 'Search flows',
				description: 'Network flows, all or of given events, in stable sequence order',
			},
		],
	},
	...search.description,
];
