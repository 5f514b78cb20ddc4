import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import {
	collectionOptions,
	EVENT_SORTS,
	idListField,
	modifiedAfterFilter,
} from '../../descriptions/common';
import {
	collectionItems,
	MAX_FILTER_IDS,
	optionalDate,
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
				'Only these events (up to 1,000), comma-separated',
				false,
			),
			modifiedAfterFilter,
			idListField(
				'threatDetectionIds',
				'Threat Detection IDs',
				'Only events of these threat detections (up to 1,000), comma-separated',
				false,
			),
		],
	},
	collectionOptions('Events', EVENT_SORTS, SEQUENCE_SORT),
];

const displayOptions = { show: { resource: ['event'], operation: ['search'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const settings = readCollectionSettings(this, itemIndex, SEQUENCE_SORT);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter: IDataObject = {};
	const eventIds = parseIdList(node, filters.eventIds, 'Event IDs', itemIndex, {
		max: MAX_FILTER_IDS,
	});
	if (eventIds.length) filter.eventIds = eventIds;
	const detectionIds = parseIdList(
		node,
		filters.threatDetectionIds,
		'Threat Detection IDs',
		itemIndex,
		{
			max: MAX_FILTER_IDS,
		},
	);
	if (detectionIds.length) filter.threatDetectionIds = detectionIds;
	const qs: IDataObject = { sort: settings.sort };
	const modifiedAfter = optionalDate(node, filters.modifiedAfter, 'Modified After', itemIndex);
	if (modifiedAfter) qs.modifiedAfter = modifiedAfter;
	const result = await ctaCollect(
		this,
		{
			method: 'POST',
			service: 'event-detection',
			path: ['events', 'search'],
			qs,
			body: { filter },
			itemIndex,
		},
		settings,
	);
	return collectionItems(result, itemIndex);
}
