import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteNote from './deleteNote.operation';
import * as getAll from './getAll.operation';

export { create, deleteNote, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alertNote'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an alert note',
				description: 'Add a note (or a reply) to an alert',
			},
			{
				name: 'Delete',
				value: 'deleteNote',
				action: 'Delete an alert note',
				description: 'Delete a note from an alert',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many alert notes',
				description: 'List the notes of an alert',
			},
		],
	},
	...create.description,
	...deleteNote.description,
	...getAll.description,
];
