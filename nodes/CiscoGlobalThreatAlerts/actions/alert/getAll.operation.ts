import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { ALERT_SORTS, collectionOptions } from '../../descriptions/common';
import { collectionItems, optionalDate, readCollectionSettings } from '../../helpers/utils';
import { ctaCollect } from '../../transport/paginate';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Modified After',
				name: 'modifiedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only alerts changed after this time (status, note, risk or detections)',
			},
			{
				displayName: 'Triggered After',
				name: 'triggeredAfter',
				type: 'dateTime',
				default: '',
				description: 'Only alerts raised after this time',
			},
		],
	},
	collectionOptions('Alerts', ALERT_SORTS, 'triggeredAt:asc'),
];

const displayOptions = { show: { resource: ['alert'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const settings = readCollectionSettings(this, itemIndex, 'triggeredAt:asc');
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { sort: settings.sort };
	const triggeredAfter = optionalDate(node, filters.triggeredAfter, 'Triggered After', itemIndex);
	if (triggeredAfter) qs.triggeredAfter = triggeredAfter;
	const modifiedAfter = optionalDate(node, filters.modifiedAfter, 'Modified After', itemIndex);
	if (modifiedAfter) qs.modifiedAfter = modifiedAfter;
	const result = await ctaCollect(
		this,
		{ method: 'GET', service: 'alert-management', path: ['alerts'], qs, itemIndex },
		settings,
	);
	return collectionItems(result, itemIndex);
}
