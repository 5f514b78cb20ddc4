import type { INodeProperties } from 'n8n-workflow';

import * as alert from './alert';
import * as event from './event';
import * as flow from './flow';
import * as securityAnnotation from './securityAnnotation';
import * as threatDetection from './threatDetection';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Alert', value: 'alert' },
			{ name: 'Event', value: 'event' },
			{ name: 'Flow', value: 'flow' },
			{ name: 'Security Annotation', value: 'securityAnnotation' },
			{ name: 'Threat Detection', value: 'threatDetection' },
		],
		default: 'alert',
	},
	...alert.description,
	...event.description,
	...flow.description,
	...securityAnnotation.description,
	...threatDetection.description,
];
