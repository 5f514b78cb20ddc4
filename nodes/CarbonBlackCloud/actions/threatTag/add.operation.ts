import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { threatIdFields } from '../../descriptions/threat';
import { readThreatId, toList } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';
import { tagsOf } from '../../helpers/tags';

const properties: INodeProperties[] = [
	...threatIdFields,
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. escalated, ransomware',
		description: 'Tags to add to every alert of the threat, comma-separated',
	},
];

const displayOptions = { show: { resource: ['threatTag'], operation: ['add'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const threatId = readThreatId(this, itemIndex);
	const tags = toList(this.getNodeParameter('tags', itemIndex, ''));
	if (!tags.length) throw new NodeOperationError(node, '"Tags" is empty', { itemIndex });
	const response = await cbcApiRequestObject(this, {
		method: 'POST',
		path: ['threats', threatId, 'tags'],
		body: { tags },
		itemIndex,
		idempotent: true,
	});
	return pairedItems([{ threat_id: threatId, tags: tagsOf(response) }], itemIndex);
}
