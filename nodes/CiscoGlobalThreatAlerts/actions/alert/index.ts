import type { INodeProperties } from 'n8n-workflow';

import * as deleteNote from './deleteNote.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getAllByIds from './getAllByIds.operation';
import * as setNote from './setNote.operation';
import * as updateStatus from './updateStatus.operation';

export { deleteNote, get, getAll, getAllByIds, setNote, updateStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alert'] } },
		default: 'getAll',
		options: [
			{
				name: 'Delete Note',
				value: 'deleteNote',
				action: 'Delete an alert note',
				description: 'Remove the note of an alert',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an alert',
				description: 'Read one alert per item; many items are read with bulk searches',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many alerts',
				description: 'List alerts, oldest first by default, following the cursor',
			},
			{
				name: 'Get Many by IDs',
				value: 'getAllByIds',
				action: 'Get many alerts by ID',
				description: 'Read a list of alerts with bulk searches of 1,000 IDs',
			},
			{
				name: 'Set Note',
				value: 'setNote',
				action: 'Set an alert note',
				description: 'Replace the note of an alert',
			},
			{
				name: 'Update Status',
				value: 'updateStatus',
				action: 'Update an alert status',
				description: 'Set an alert to New, Open or Closed (with closing reasons)',
			},
		],
	},
	...deleteNote.description,
	...get.description,
	...getAll.description,
	...getAllByIds.description,
	...setNote.description,
	...updateStatus.description,
];
