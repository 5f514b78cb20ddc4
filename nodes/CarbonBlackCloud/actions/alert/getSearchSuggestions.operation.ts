import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'suggestionQuery',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. devi',
		description: 'The start of a search field name to complete',
	},
	{
		displayName: 'Count',
		name: 'count',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 5,
		description: 'How many suggestions to return',
	},
];

const displayOptions = { show: { resource: ['alert'], operation: ['getSearchSuggestions'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const query = String(this.getNodeParameter('suggestionQuery', itemIndex, '') ?? '');
	const count = Number(this.getNodeParameter('count', itemIndex, 5));
	if (!Number.isInteger(count) || count < 1) {
		throw new NodeOperationError(this.getNode(), '"Count" must be a whole number of at least 1', {
			itemIndex,
		});
	}
	const response = await cbcApiRequestObject(this, {
		method: 'GET',
		path: ['alerts', 'search_suggestions'],
		qs: { query, count },
		itemIndex,
	});
	return pairedItems((response.suggestions as IDataObject[] | undefined) ?? [], itemIndex);
}
