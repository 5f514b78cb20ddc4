import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'suggestionQuery',
		type: 'string',
		default: '',
		placeholder: 'e.g. device',
		description:
			'Text to complete (suggest.q); leave empty to list every field name the alert query accepts',
	},
];

const displayOptions = {
	show: { resource: ['legacyAlert'], operation: ['getSearchSuggestions'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const q = String(this.getNodeParameter('suggestionQuery', itemIndex, '') ?? '');
	const response = await cbcApiRequestObject(this, {
		method: 'GET',
		api: 'appservicesV6',
		path: ['alerts', 'search_suggestions'],
		qs: { 'suggest.q': q },
		itemIndex,
	});
	const suggestions = Array.isArray(response.suggestions)
		? (response.suggestions as IDataObject[])
		: [];
	return pairedItems(suggestions, itemIndex);
}
