import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { collectionOptions, FLOW_SORTS, idListField } from '../../descriptions/common';
import {
	collectionItems,
	MAX_FILTER_IDS,
	parseIdList,
	readCollectionSettings,
} from '../../helpers/utils';
import { ctaCollect, SEQUENCE_SORT } from '../../transport/paginate';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			idListField(
				'eventIds',
				'Event IDs',
				'Only flows of these events (up to 1,000), comma-separated',
				false,
			),
		],
	},
	collectionOptions('Flows', FLOW_SORTS, SEQUENCE_SORT),
];

const displayOptions = { show: { resource: ['flow'], operation: ['search'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const settings = readCollectionSettings(this, itemIndex, SEQUENCE_SORT);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const eventIds = parseIdList(this.getNode(), filters.eventIds, 'Event IDs', itemIndex, {
		max: MAX_FILTER_IDS,
	});
	const result = await ctaCollect(
		this,
		{
			method: 'POST',
			service: 'event-detection',
			path: ['flows', 'search'],
			qs: { sort: settings.sort },
			body: { filter: eventIds.length ? { eventIds } : {} },
			itemIndex,
		},
		settings,
	);
	return collectionItems(result, itemIndex);
}
