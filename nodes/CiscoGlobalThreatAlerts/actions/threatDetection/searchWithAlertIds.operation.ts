import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { collectionOptions, idListField, THREAT_DETECTION_SORTS } from '../../descriptions/common';
import { collectionItems, parseIdList, readCollectionSettings } from '../../helpers/utils';
import {
	ctaSearchCollection,
	MAX_IDS_PER_SEARCH,
	SEQUENCE_SORT,
	THREAT_DETECTIONS_WITH_ALERT_IDS_BY_ID,
} from '../../transport/paginate';

const properties: INodeProperties[] = [
	idListField(
		'threatDetectionIds',
		'Threat Detection IDs',
		'Only these threat detections, comma-separated or an array; leave empty for all. Lists over 1,000 IDs are searched 1,000 at a time and give no end cursor.',
		false,
	),
	...returnAllOrLimit,
	collectionOptions('Threat detections', THREAT_DETECTION_SORTS, SEQUENCE_SORT),
];

const displayOptions = {
	show: { resource: ['threatDetection'], operation: ['searchWithAlertIds'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const settings = readCollectionSettings(this, itemIndex, SEQUENCE_SORT);
	const raw = this.getNodeParameter('threatDetectionIds', itemIndex, '');
	const ids = parseIdList(node, raw, 'Threat Detection IDs', itemIndex);
	if (settings.after && ids.length > MAX_IDS_PER_SEARCH) {
		throw new NodeOperationError(
			node,
			'"Continue After Cursor" works with at most 1,000 threat detection IDs',
			{ itemIndex, description: 'Split the IDs over several items, or leave the cursor empty.' },
		);
	}
	const search = THREAT_DETECTIONS_WITH_ALERT_IDS_BY_ID;
	const result = await ctaSearchCollection(
		this,
		{
			method: 'POST',
			service: search.service,
			path: search.path,
			qs: { sort: settings.sort },
			itemIndex,
		},
		ids.length ? { key: search.filterKey, ids } : undefined,
		settings,
	);
	return collectionItems(result, itemIndex);
}
