import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertFilterFields, histogramFields } from '../../descriptions/common';
import { histogramItems, readHistogram } from '../../helpers/facets';
import { buildAlertSearchBody } from '../../helpers/searchBody';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [...histogramFields, ...alertFilterFields];

const displayOptions = { show: { resource: ['groupedAlert'], operation: ['histogram'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = {
		...buildAlertSearchBody(this, itemIndex),
		...readHistogram(this, itemIndex),
		group_by: { field: 'threat_id' },
	};
	const response = await cbcApiRequestObject(this, {
		method: 'POST',
		path: ['grouped_alerts', '_histogram'],
		body,
		itemIndex,
	});
	return pairedItems(histogramItems(response), itemIndex);
}
