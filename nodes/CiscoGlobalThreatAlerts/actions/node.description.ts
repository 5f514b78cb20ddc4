import type { INodeProperties } from 'n8n-workflow';

import { withOutputs } from '../../shared/output';
import { CTA_OUTPUTS } from '../helpers/output';

import * as alert from './alert';
import * as event from './event';
import * as flow from './flow';
import * as securityAnnotation from './securityAnnotation';
import * as threatDetection from './threatDetection';

const resources: INodeProperties[] = [
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

/** Version 1.2 adds Output to the reads. */
export const properties = withOutputs(resources, CTA_OUTPUTS, 1.2);
