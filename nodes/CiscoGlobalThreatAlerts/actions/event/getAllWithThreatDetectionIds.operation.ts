import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { collectionOptions, EVENT_SORTS, modifiedAfterFilter } from '../../descriptions/common';
import { collectionItems, optionalDate, readCollectionSettings } from '../../helpers/utils';
import { ctaCollect, SEQUENCE_SORT } from '../../transport/paginate';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [modifiedAfterFilter],
	},
	collectionOptions('Events', EVENT_SORTS, SEQUENCE_SORT),
];

const displayOptions = {
	show: { resource: ['event'], operation: ['getAllWithThreatDetectionIds'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const settings = readCollectionSettings(this, itemIndex, SEQUENCE_SORT);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { sort: settings.sort };
	const modifiedAfter = optionalDate(
		this.getNode(),
		filters.modifiedAfter,
		'Modified After',
		itemIndex,
	);
	if (modifiedAfter) qs.modifiedAfter = modifiedAfter;
	const result = await ctaCollect(
		this,
		{
			method: 'GET',
			service: 'threat-detection',
			path: ['enriched-events-with-threat-detection-ids'],
			qs,
			itemIndex,
		},
		settings,
	);
	return collectionItems(result, itemIndex);
}
