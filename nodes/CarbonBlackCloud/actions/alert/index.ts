import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as search from './search.operation';

export { get, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alert'] } },
		default: 'search',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an alert',
				description: 'Get one alert by its ID or console URL',
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search alerts',
				description: 'Find alerts by query, time range and criteria',
			},
		],
	},
	...get.description,
	...search.description,
];
