import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { readMaxResults } from '../../../shared/params';
import { pairedItems } from '../../../shared/router';
import { sortCollection } from '../../descriptions/common';
import { pathwayField, selectionFields } from '../../descriptions/legacyAlert';
import { pathwayPath, readPathway, readSelection } from '../../helpers/v6';
import { searchV6 } from '../../transport/v6';

const properties: INodeProperties[] = [
	pathwayField,
	...selectionFields,
	...returnAllOrLimit,
	sortCollection(
		[
			{ name: 'First Event Time', value: 'first_event_time' },
			{ name: 'Last Event Time', value: 'last_event_time' },
			{ name: 'Severity', value: 'severity' },
			{ name: 'Target Value', value: 'target_value' },
		],
		'last_event_time',
		'Order of the results; without one, Carbon Black Cloud returns the newest first',
	),
];

const displayOptions = { show: { resource: ['legacyAlert'], operation: ['search'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const pathway = readPathway(this, itemIndex);
	const body = readSelection(this, itemIndex, pathway);
	const sort = this.getNodeParameter('sort.fields', itemIndex, []) as Array<{
		field: string;
		order: string;
	}>;
	if (sort.length) body.sort = sort.map(({ field, order }) => ({ field, order }));
	const max = readMaxResults(this, itemIndex);
	const alerts = await searchV6(this, pathwayPath(pathway, '_search'), body, { max, itemIndex });
	return pairedItems(alerts, itemIndex);
}
