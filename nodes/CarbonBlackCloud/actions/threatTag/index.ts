import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export { add, getAll, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['threatTag'] } },
		default: 'add',
		options: [
			{
				name: 'Add',
				value: 'add',
				action: 'Add tags to a threat',
				description: 'Tag every alert of a threat',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many threat tags',
				description: 'List the tags of a threat',
			},
			{
				name: 'Remove',
				value: 'remove',
				action: 'Remove a tag from a threat',
				description: 'Remove one tag from a threat',
			},
		],
	},
	...add.description,
	...getAll.description,
	...remove.description,
];
