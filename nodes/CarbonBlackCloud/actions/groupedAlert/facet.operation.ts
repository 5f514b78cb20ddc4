import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertFilterFields, facetFields } from '../../descriptions/common';
import { requestAggregation } from '../../helpers/facets';

const properties: INodeProperties[] = [...facetFields, ...alertFilterFields];

const displayOptions = { show: { resource: ['groupedAlert'], operation: ['facet'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return pairedItems(
		await requestAggregation(this, itemIndex, 'grouped_alerts', '_facet'),
		itemIndex,
	);
}
