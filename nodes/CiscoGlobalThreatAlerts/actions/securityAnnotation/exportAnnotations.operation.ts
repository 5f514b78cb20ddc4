import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { collectionOptions } from '../../descriptions/common';
import { annotateEvents, ENRICHED_EVENTS } from '../../helpers/annotations';
import { collectionItems, readCollectionSettings } from '../../helpers/utils';
import { ctaCollect, SEQUENCE_SORT } from '../../transport/paginate';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	collectionOptions('Events', [], SEQUENCE_SORT),
];

const displayOptions = {
	show: { resource: ['securityAnnotation'], operation: ['exportAnnotations'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const settings = readCollectionSettings(this, itemIndex, SEQUENCE_SORT);
	const events = await ctaCollect(this, { ...ENRICHED_EVENTS, itemIndex }, settings);
	const annotations = await annotateEvents(this, events.items, itemIndex);
	return collectionItems({ ...events, items: annotations }, itemIndex);
}
