import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertFilterFields, histogramFields } from '../../descriptions/common';
import { requestAggregation } from '../../helpers/facets';

const properties: INodeProperties[] = [...histogramFields, ...alertFilterFields];

const displayOptions = { show: { resource: ['groupedAlert'], operation: ['histogram'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return pairedItems(
		await requestAggregation(this, itemIndex, 'grouped_alerts', '_histogram'),
		itemIndex,
	);
}
