import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { threatIdFields } from '../../descriptions/threat';
import { readThreatId } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [
	...threatIdFields,
	{
		displayName: 'Sort By',
		name: 'sortField',
		type: 'options',
		default: 'last_update_timestamp',
		options: [
			{ name: 'Author', value: 'author' },
			{ name: 'Created', value: 'create_timestamp' },
			{ name: 'Last Updated', value: 'last_update_timestamp' },
			{ name: 'Source', value: 'source' },
		],
	},
	{
		displayName: 'Sort Order',
		name: 'sortOrder',
		type: 'options',
		default: 'DESC',
		options: [
			{ name: 'Ascending', value: 'ASC' },
			{ name: 'Descending', value: 'DESC' },
		],
	},
];

const displayOptions = { show: { resource: ['threatNote'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const threatId = readThreatId(this, itemIndex);
	const response = await cbcApiRequestObject(this, {
		method: 'GET',
		path: ['threats', threatId, 'notes'],
		qs: {
			sort_field: this.getNodeParameter('sortField', itemIndex, 'last_update_timestamp') as string,
			sort_order: this.getNodeParameter('sortOrder', itemIndex, 'DESC') as string,
		},
		itemIndex,
	});
	const notes = (response.results as IDataObject[] | undefined) ?? [];
	return pairedItems(
		notes.map((note) => ({ threat_id: threatId, ...note })),
		itemIndex,
	);
}
