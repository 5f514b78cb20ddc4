import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { readMaxResults } from '../../../shared/params';
import { pairedItems } from '../../../shared/router';
import { alertFilterFields, sortCollection } from '../../descriptions/common';
import { buildAlertSearchBody } from '../../helpers/searchBody';
import { searchGroupedAlerts } from '../../transport/paginate';

const properties: INodeProperties[] = [
	...alertFilterFields,
	...returnAllOrLimit,
	sortCollection(
		[
			{ name: 'Alert Count', value: 'count' },
			{ name: 'Device Count', value: 'device_count' },
			{ name: 'First Alert Timestamp', value: 'first_alert_timestamp' },
			{ name: 'Highest Severity', value: 'highest_severity' },
			{ name: 'Last Alert Timestamp', value: 'last_alert_timestamp' },
			{ name: 'Workload Count', value: 'workload_count' },
		],
		'count',
	),
];

const displayOptions = { show: { resource: ['groupedAlert'], operation: ['search'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body: IDataObject = {
		...buildAlertSearchBody(this, itemIndex),
		group_by: { field: 'threat_id' },
	};
	const sort = this.getNodeParameter('sort.fields', itemIndex, []) as Array<{
		field: string;
		order: string;
	}>;
	if (sort.length) body.sort = sort.map(({ field, order }) => ({ field, order }));
	const max = readMaxResults(this, itemIndex);
	const groups = await searchGroupedAlerts(this, body, { max, itemIndex });
	return pairedItems(groups, itemIndex);
}
