import type { INodeProperties } from 'n8n-workflow';

import * as facet from './facet.operation';
import * as histogram from './histogram.operation';
import * as search from './search.operation';

export { facet, histogram, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['groupedAlert'] } },
		default: 'search',
		options: [
			{
				name: 'Facet',
				value: 'facet',
				action: 'Facet grouped alerts',
				description: 'Count threats per value of one or more fields',
			},
			{
				name: 'Histogram',
				value: 'histogram',
				action: 'Get a grouped alert histogram',
				description: 'Count threats per time bucket',
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search grouped alerts',
				description:
					'Find threats (alerts grouped by threat ID) with counts, severity and the most recent alert',
			},
		],
	},
	...search.description,
	...facet.description,
	...histogram.description,
];
