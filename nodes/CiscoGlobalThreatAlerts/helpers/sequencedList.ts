import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { returnAllOrLimit } from '../../shared/descriptions';
import { collectionOptions, modifiedAfterFilter } from '../descriptions/common';
import type { CtaService } from '../transport';
import { ctaCollect, SEQUENCE_SORT } from '../transport/paginate';
import { collectionItems, optionalDate, readCollectionSettings } from './utils';

/** Fields of a GET collection read in modification-sequence order (events, detections). */
export function sequencedListProperties(
	label: string,
	sorts: Parameters<typeof collectionOptions>[1],
): INodeProperties[] {
	return [
		...returnAllOrLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [modifiedAfterFilter],
		},
		collectionOptions(label, sorts, SEQUENCE_SORT),
	];
}

/** Reads such a collection for one item; the last output item carries `_endCursor`. */
export async function readSequencedList(
	ctx: IExecuteFunctions,
	itemIndex: number,
	service: CtaService,
	path: string[],
): Promise<INodeExecutionData[]> {
	const settings = readCollectionSettings(ctx, itemIndex, SEQUENCE_SORT);
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { sort: settings.sort };
	const modifiedAfter = optionalDate(
		ctx.getNode(),
		filters.modifiedAfter,
		'Modified After',
		itemIndex,
	);
	if (modifiedAfter) qs.modifiedAfter = modifiedAfter;
	const result = await ctaCollect(ctx, { method: 'GET', service, path, qs, itemIndex }, settings);
	return collectionItems(result, itemIndex);
}
