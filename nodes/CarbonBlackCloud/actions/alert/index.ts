import type { INodeProperties } from 'n8n-workflow';

import * as facet from './facet.operation';
import * as get from './get.operation';
import * as getHistory from './getHistory.operation';
import * as getObservations from './getObservations.operation';
import * as getSearchSuggestions from './getSearchSuggestions.operation';
import * as histogram from './histogram.operation';
import * as search from './search.operation';
import * as updateWorkflow from './updateWorkflow.operation';
import * as validate from './validate.operation';

export {
	facet,
	get,
	getHistory,
	getObservations,
	getSearchSuggestions,
	histogram,
	search,
	updateWorkflow,
	validate,
};

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
				name: 'Facet',
				value: 'facet',
				action: 'Facet alerts',
				description: 'Count alerts per value of one or more fields',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an alert',
				description: 'Get one alert by ID or console URL (many items are fetched in bulk)',
			},
			{
				name: 'Get History',
				value: 'getHistory',
				action: 'Get the history of an alert',
				description: 'Workflow changes, determinations and notes of an alert',
			},
			{
				name: 'Get Observations',
				value: 'getObservations',
				action: 'Get the observations of an alert',
				description:
					'The events behind an alert (processes, network connections), one item per observation',
			},
			{
				name: 'Get Search Suggestions',
				value: 'getSearchSuggestions',
				action: 'Get alert search suggestions',
				description: 'Complete a search field name',
			},
			{
				name: 'Histogram',
				value: 'histogram',
				action: 'Get an alert histogram',
				description: 'Count alerts per time bucket',
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search alerts',
				description: 'Find alerts by query, time range and filters',
			},
			{
				name: 'Update Workflow',
				value: 'updateWorkflow',
				action: 'Update the workflow of alerts',
				description:
					'Set status, closure reason, determination and a note on alerts by ID or by search',
			},
			{
				name: 'Validate Search',
				value: 'validate',
				action: 'Validate an alert search',
				description: 'Check a query and filters without running them',
			},
		],
	},
	...facet.description,
	...get.description,
	...getHistory.description,
	...getObservations.description,
	...getSearchSuggestions.description,
	...histogram.description,
	...search.description,
	...updateWorkflow.description,
	...validate.description,
];
