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

const displayOptions = { show: { resource: ['alertNote'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const alertId = readAlertId(this, itemIndex);
	const response = await cbcApiRequestObject(this, {
		method: 'GET',
		path: ['alerts', alertId, 'notes'],
		itemIndex,
	});
	const notes = (response.results as IDataObject[] | undefined) ?? [];
	return pairedItems(
		notes.map((note) => ({ alert_id: alertId, ...note })),
		itemIndex,
	);
}
