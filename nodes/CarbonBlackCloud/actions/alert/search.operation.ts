import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { readMaxResults } from '../../../shared/params';
import { returnAllOrLimit } from '../../../shared/descriptions';
import { alertFilterFields, sortCollection } from '../../descriptions/common';
import { buildAlertSearchBody } from '../../helpers/searchBody';
import { searchAlerts } from '../../transport/paginate';

const properties: INodeProperties[] = [
	...alertFilterFields,
	...returnAllOrLimit,
	{
		...sortCollection(
			[
				{ name: 'Backend Timestamp (Created)', value: 'backend_timestamp' },
				{ name: 'Backend Update Timestamp', value: 'backend_update_timestamp' },
				{ name: 'Detection Timestamp', value: 'detection_timestamp' },
				{ name: 'Device Target Value', value: 'device_target_value' },
				{ name: 'First Event Timestamp', value: 'first_event_timestamp' },
				{ name: 'Last Event Timestamp', value: 'last_event_timestamp' },
				{ name: 'MDR Workflow Change Timestamp', value: 'mdr_workflow_change_timestamp' },
				{ name: 'Severity', value: 'severity' },
				{ name: 'User Update Timestamp', value: 'user_update_timestamp' },
				{ name: 'Workflow Change Timestamp', value: 'workflow_change_timestamp' },
				{ name: 'Workload Name', value: 'workload_name' },
			],
			'backend_timestamp',
			'Order of the results. Without a sort: newest first by backend timestamp, for every Limit and Return All. More than 9,998 alerts (Carbon Black Cloud answers the first 10,000 results of a search) can only be returned sorted by Backend Timestamp alone.',
		),
	},
];

const displayOptions = { show: { resource: ['alert'], operation: ['search'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = buildAlertSearchBody(this, itemIndex);
	const max = readMaxResults(this, itemIndex);
	const sort = this.getNodeParameter('sort.fields', itemIndex, []) as Array<{
		field: string;
		order: string;
	}>;
	if (sort.length) body.sort = sort.map(({ field, order }) => ({ field, order }));
	const alerts = await searchAlerts(this, body, { max, itemIndex });
	return pairedItems(alerts, itemIndex);
}
