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
		displayOptions: { show: { resource: ['threatNote'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a threat note',
				description: 'Add a note (or a reply) to all alerts of a threat',
			},
			{
				name: 'Delete',
				value: 'deleteNote',
				action: 'Delete a threat note',
				description: 'Delete a note from a threat',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many threat notes',
				description: 'List the notes of a threat',
			},
		],
	},
	...create.description,
	...deleteNote.description,
	...getAll.description,
];
