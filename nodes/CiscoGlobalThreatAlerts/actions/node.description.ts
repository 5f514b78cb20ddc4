import type { INodeProperties } from 'n8n-workflow';

import * as alert from './alert';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Alert', value: 'alert' }],
		default: 'alert',
	},
	...alert.description,
];
