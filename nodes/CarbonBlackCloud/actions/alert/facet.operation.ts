import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertFilterFields, facetFields } from '../../descriptions/common';
import { flattenFacets, readFacetTerms } from '../../helpers/facets';
import { buildAlertSearchBody } from '../../helpers/searchBody';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [...facetFields, ...alertFilterFields];

const displayOptions = { show: { resource: ['alert'], operation: ['facet'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body: IDataObject = {
		...buildAlertSearchBody(this, itemIndex),
		...readFacetTerms(this, itemIndex),
	};
	const response = await cbcApiRequestObject(this, {
		method: 'POST',
		path: ['alerts', '_facet'],
		body,
		itemIndex,
	});
	return pairedItems(flattenFacets(response), itemIndex);
}
