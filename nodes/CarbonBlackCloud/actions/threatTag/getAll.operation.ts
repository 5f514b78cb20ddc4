import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { threatIdFields } from '../../descriptions/threat';
import { readThreatId } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';
import { tagsOf } from '../../helpers/tags';

const properties: INodeProperties[] = [...threatIdFields];

const displayOptions = { show: { resource: ['threatTag'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const threatId = readThreatId(this, itemIndex);
	const response = await cbcApiRequestObject(this, {
		method: 'GET',
		path: ['threats', threatId, 'tags'],
		itemIndex,
	});
	return pairedItems([{ threat_id: threatId, tags: tagsOf(response) }], itemIndex);
}
