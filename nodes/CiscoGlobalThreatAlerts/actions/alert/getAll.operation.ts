import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { toUtcIso } from '../../../shared/dates';
import { returnAllOrLimit } from '../../../shared/descriptions';
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Continue After Cursor',
				name: 'after',
				type: 'string',
				default: '',
				description: 'The endCursor of an earlier run, to continue where it stopped',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 1000,
				description: 'Alerts per request (at most 1,000)',
			},
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'options',
				default: 'triggeredAt:asc',
				options: [
					{ name: 'Modified (Newest First)', value: 'modifiedAt:desc' },
					{ name: 'Modified (Oldest First)', value: 'modifiedAt:asc' },
					{ name: 'Triggered (Newest First)', value: 'triggeredAt:desc' },
					{ name: 'Triggered (Oldest First)', value: 'triggeredAt:asc' },
				],
			},
		],
	},
];

const displayOptions = { show: { resource: ['alert'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const max = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { sort: options.sort ?? 'triggeredAt:asc' };
	if (filters.triggeredAfter)
		qs.triggeredAfter = toUtcIso(node, filters.triggeredAfter, 'Triggered After', itemIndex);
	if (filters.modifiedAfter)
		qs.modifiedAfter = toUtcIso(node, filters.modifiedAfter, 'Modified After', itemIndex);
	const pageSize = options.pageSize === undefined ? undefined : Number(options.pageSize);
	if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)) {
		throw new NodeOperationError(node, '"Page Size" must be a whole number from 1 to 1,000', {
			itemIndex,
		});
	}
	const { items, endCursor } = await ctaCollect(
		this,
		{ method: 'GET', service: 'alert-management', path: ['alerts'], qs, itemIndex },
		{ max, pageSize, after: options.after ? String(options.after) : undefined },
	);
	return items.map((json, index) => ({
		json: index === items.length - 1 ? { ...json, _endCursor: endCursor } : json,
		pairedItem: { item: itemIndex },
	}));
}
