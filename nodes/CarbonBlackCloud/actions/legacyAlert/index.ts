import type { INodeProperties } from 'n8n-workflow';

import * as bulkUpdateWorkflow from './bulkUpdateWorkflow.operation';
import * as facet from './facet.operation';
import * as get from './get.operation';
import * as getSearchSuggestions from './getSearchSuggestions.operation';
import * as getWorkflowStatus from './getWorkflowStatus.operation';
import * as search from './search.operation';
import * as updateWorkflow from './updateWorkflow.operation';

export {
	bulkUpdateWorkflow,
	facet,
	get,
	getSearchSuggestions,
	getWorkflowStatus,
	search,
	updateWorkflow,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['legacyAlert'] } },
		default: 'search',
		options: [
			{
				name: 'Bulk Update Workflow',
				value: 'bulkUpdateWorkflow',
				action: 'Bulk update legacy alert workflows',
				description:
					'Open or dismiss every alert matching a query and filters on a pathway; waits for the final status unless Options › Wait for Completion is off (then returns the request_id)',
			},
			{
				name: 'Facet',
				value: 'facet',
				action: 'Facet legacy alerts',
				description:
					'Count matching alerts per value of fields such as alert type, category or workflow; one item per field value',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a legacy alert',
				description: 'Get one alert by its ID or console URL',
			},
			{
				name: 'Get Search Suggestions',
				value: 'getSearchSuggestions',
				action: 'Get legacy alert search suggestions',
				description: 'Complete a field name for the alert query language',
			},
			{
				name: 'Get Workflow Status',
				value: 'getWorkflowStatus',
				action: 'Get a legacy workflow update status',
				description:
					'Get the status of a bulk workflow update by its request_id, optionally waiting until it finishes',
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search legacy alerts',
				description: 'Find alerts by query, create time and criteria on a pathway',
			},
			{
				name: 'Update Workflow',
				value: 'updateWorkflow',
				action: 'Update a legacy alert workflow',
				description: 'Open or dismiss one alert, with an optional comment and remediation state',
			},
		],
	},
	...search.description,
	...facet.description,
	...get.description,
	...updateWorkflow.description,
	...bulkUpdateWorkflow.description,
	...getWorkflowStatus.description,
	...getSearchSuggestions.description,
];
