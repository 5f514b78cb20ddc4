import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { threatIdFields } from '../../descriptions/threat';
import { readThreatId, requireText } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';
import { tagsOf } from '../../helpers/tags';

const properties: INodeProperties[] = [
	...threatIdFields,
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. escalated',
		description: 'The tag to remove from the threat',
	},
];

const displayOptions = { show: { resource: ['threatTag'], operation: ['remove'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const threatId = readThreatId(this, itemIndex);
	const tag = requireText(node, this.getNodeParameter('tag', itemIndex, ''), 'Tag', itemIndex);
	const response = await cbcApiRequestObject(this, {
		method: 'DELETE',
		path: ['threats', threatId, 'tags', tag],
		itemIndex,
		idempotent: true,
	});
	return pairedItems([{ threat_id: threatId, removed: tag, tags: tagsOf(response) }], itemIndex);
}
