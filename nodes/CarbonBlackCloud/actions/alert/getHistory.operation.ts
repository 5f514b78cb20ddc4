import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { readAlertId } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [alertIdLocator];

const displayOptions = { show: { resource: ['alert'], operation: ['getHistory'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const alertId = readAlertId(this, itemIndex);
	const response = await cbcApiRequestObject(this, {
		method: 'GET',
		path: ['alerts', alertId, 'history'],
		itemIndex,
	});
	const history = (response.history as IDataObject[] | undefined) ?? [];
	return pairedItems(
		history.map((entry) => ({ alert_id: alertId, ...entry })),
		itemIndex,
	);
}
