import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { threatIdFields } from '../../descriptions/threat';
import { readThreatId } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [...threatIdFields];

const displayOptions = { show: { resource: ['threat'], operation: ['getHistory'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const threatId = readThreatId(this, itemIndex);
	const response = await cbcApiRequestObject(this, {
		method: 'GET',
		path: ['threats', threatId, 'history'],
		itemIndex,
	});
	const history = (response.history as IDataObject[] | undefined) ?? [];
	return pairedItems(
		history.map((entry) => ({ threat_id: threatId, ...entry })),
		itemIndex,
	);
}
