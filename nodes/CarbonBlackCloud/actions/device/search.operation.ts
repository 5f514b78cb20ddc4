import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { parseIdList, readMaxResults } from '../../../shared/params';
import { pairedItems } from '../../../shared/router';
import { sortCollection } from '../../descriptions/common';
import {
	DEVICE_OS_OPTIONS,
	DEVICE_STATUS_OPTIONS,
	TARGET_PRIORITY_OPTIONS,
} from '../../descriptions/device';
import type { DeviceSearchBody } from '../../transport/devices';
import { searchDevices } from '../../transport/devices';

const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. name:web* AND os:WINDOWS',
		description: 'Lucene query over the device fields; leave empty for all devices',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Criteria (JSON)',
				name: 'criteriaJson',
				type: 'json',
				default: '{}',
				description:
					'More criteria as the API takes them, e.g. {"virtualization_provider": ["VMW_ESX"]}; merged with the filters above',
			},
			{
				displayName: 'Device IDs',
				name: 'ids',
				type: 'string',
				default: '',
				placeholder: 'e.g. 18118174, 18118175',
				description: 'Only these devices (comma-separated or an array)',
			},
			{
				displayName: 'OS',
				name: 'os',
				type: 'multiOptions',
				default: [],
				options: DEVICE_OS_OPTIONS,
			},
			{
				displayName: 'Policy IDs',
				name: 'policyIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 6525',
				description: 'Only devices with these policies (comma-separated or an array)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: DEVICE_STATUS_OPTIONS,
				description: 'Quarantine finds quarantined devices, Bypass those in bypass',
			},
			{
				displayName: 'Target Priority',
				name: 'targetPriority',
				type: 'multiOptions',
				default: [],
				options: TARGET_PRIORITY_OPTIONS,
			},
		],
	},
	...returnAllOrLimit,
	sortCollection(
		[
			{ name: 'Last Contact Time', value: 'last_contact_time' },
			{ name: 'Name', value: 'name' },
			{ name: 'OS', value: 'os' },
			{ name: 'Status', value: 'status' },
			{ name: 'Target Priority', value: 'target_priority' },
		],
		'last_contact_time',
	),
];

const displayOptions = { show: { resource: ['device'], operation: ['search'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function numericIds(
	ctx: IExecuteFunctions,
	raw: unknown,
	field: string,
	itemIndex: number,
): number[] {
	return parseIdList(ctx.getNode(), raw, field, itemIndex).map((id) => {
		if (!/^\d{1,19}$/.test(id) || !Number.isSafeInteger(Number(id))) {
			throw new NodeOperationError(
				ctx.getNode(),
				`"${field}" must hold numbers, got "${id.slice(0, 40)}"`,
				{
					itemIndex,
				},
			);
		}
		return Number(id);
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const criteria: IDataObject = {};
	let raw: unknown = filters.criteriaJson ?? {};
	if (typeof raw === 'string') {
		try {
			raw = raw.trim() ? (JSON.parse(raw) as unknown) : {};
		} catch {
			throw new NodeOperationError(node, '"Criteria (JSON)" is not valid JSON', { itemIndex });
		}
	}
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
		throw new NodeOperationError(node, '"Criteria (JSON)" must be a JSON object', {
			itemIndex,
			description: 'For example {"virtualization_provider": ["VMW_ESX"]}.',
		});
	}
	Object.assign(criteria, raw);
	for (const [key, field] of [
		['os', 'os'],
		['status', 'status'],
		['targetPriority', 'target_priority'],
	] as const) {
		const values = filters[key];
		if (Array.isArray(values) && values.length) criteria[field] = values.map(String);
	}
	const ids = numericIds(this, filters.ids, 'Device IDs', itemIndex);
	if (ids.length) criteria.id = ids;
	const policies = numericIds(this, filters.policyIds, 'Policy IDs', itemIndex);
	if (policies.length) criteria.policy_id = policies;

	const body: DeviceSearchBody = { criteria };
	const query = String(this.getNodeParameter('query', itemIndex, '') ?? '').trim();
	if (query) body.query = query;
	const sort = this.getNodeParameter('sort.fields', itemIndex, []) as Array<{
		field: string;
		order: string;
	}>;
	if (sort.length) body.sort = sort.map(({ field, order }) => ({ field, order }));
	const max = readMaxResults(this, itemIndex);
	const devices = await searchDevices(this, body, { max, itemIndex });
	return pairedItems(devices, itemIndex);
}
