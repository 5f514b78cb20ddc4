import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getProgress from './getProgress.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { get, getProgress, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		default: 'waitForCompletion',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a job',
				description: 'Status and parameters of a workflow update job',
			},
			{
				name: 'Get Progress',
				value: 'getProgress',
				action: 'Get the progress of a job',
				description: 'How many alerts the job has updated',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for completion of a job',
				description: 'Poll until the job is COMPLETED (fails if it FAILED or times out)',
			},
		],
	},
	...get.description,
	...getProgress.description,
	...waitForCompletion.description,
];
