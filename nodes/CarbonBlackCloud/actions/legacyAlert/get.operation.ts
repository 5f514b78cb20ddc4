import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { legacyAlertIdLocator } from '../../descriptions/common';
import { readAlertId } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [legacyAlertIdLocator];

const displayOptions = { show: { resource: ['legacyAlert'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const alertId = readAlertId(this, itemIndex);
	const alert = await cbcApiRequestObject(this, {
		method: 'GET',
		api: 'appservicesV6',
		path: ['alerts', alertId],
		itemIndex,
	});
	return pairedItems([alert], itemIndex);
}
