import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { ALERT_SORTS, collectionOptions } from '../../descriptions/common';
import { collectionItems, optionalDate, readCollectionSettings } from '../../helpers/utils';
import { ctaCollect } from '../../transport/paginate';

/** From node version 1.1 Get Many is newest first by default, with the sort in view. */
const SORT_IN_VIEW = { '@version': [{ _cnd: { gte: 1.1 } }] };

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		default: 'triggeredAt:desc',
		options: ALERT_SORTS,
		description: 'Order of the alerts; newest first suits triage',
		displayOptions: { show: SORT_IN_VIEW },
	},
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
	// version 1: the sort sits under Options and defaults to oldest first (kept for old workflows)
	{ ...collectionOptions('Alerts', ALERT_SORTS, 'triggeredAt:asc'), displayOptions: { show: { '@version': [1] } } },
	{ ...collectionOptions('Alerts', [], ''), displayOptions: { show: SORT_IN_VIEW } },
];

const displayOptions = { show: { resource: ['alert'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const settings = readCollectionSettings(this, itemIndex, 'triggeredAt:asc');
	if (node.typeVersion >= 1.1) {
		const sort = String(this.getNodeParameter('sort', itemIndex, 'triggeredAt:desc') ?? '');
		if (!ALERT_SORTS.some((o) => o.value === sort)) {
			throw new NodeOperationError(node, `"${sort.slice(0, 40)}" is not an alert sort`, {
				itemIndex,
				description: `Use one of: ${ALERT_SORTS.map((o) => o.value).join(', ')}.`,
			});
		}
		settings.sort = sort;
	}
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
