import type { INodeProperties } from 'n8n-workflow';

import { withOutputs } from '../../shared/output';
import { CBC_OUTPUTS } from '../helpers/output';

import * as alert from './alert';
import * as alertNote from './alertNote';
import * as device from './device';
import * as groupedAlert from './groupedAlert';
import * as job from './job';
import * as legacyAlert from './legacyAlert';
import * as threat from './threat';
import * as threatNote from './threatNote';
import * as threatTag from './threatTag';

const resources: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Alert', value: 'alert' },
			{ name: 'Alert Note', value: 'alertNote' },
			{
				name: 'Device',
				value: 'device',
				description: 'Endpoints: search, quarantine, bypass, background scan',
			},
			{ name: 'Grouped Alert', value: 'groupedAlert', description: 'Alerts grouped by threat' },
			{ name: 'Job', value: 'job', description: 'Asynchronous workflow update jobs' },
			{
				name: 'Legacy Alert (API V6)',
				value: 'legacyAlert',
				description: 'Deactivated by the vendor in 2024; for mirrors and old tenants',
			},
			{ name: 'Threat', value: 'threat' },
			{ name: 'Threat Note', value: 'threatNote' },
			{ name: 'Threat Tag', value: 'threatTag' },
		],
		default: 'alert',
	},
	...alert.description,
	...alertNote.description,
	...device.description,
	...groupedAlert.description,
	...job.description,
	...legacyAlert.description,
	...threat.description,
	...threatNote.description,
	...threatTag.description,
];

/** Version 1.2 adds Output to the reads. */
export const properties = withOutputs(resources, CBC_OUTPUTS, 1.2);
