import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { alertGoneMessage, readAlertId } from '../../helpers/utils';
import { ctaApiRequest } from '../../transport';

const properties: INodeProperties[] = [alertIdLocator];

const displayOptions = { show: { resource: ['alert'], operation: ['deleteNote'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const alertId = readAlertId(this, itemIndex);
	await ctaApiRequest(this, {
		method: 'DELETE',
		service: 'alert-management',
		path: ['alerts', alertId, 'note'],
		itemIndex,
		notFoundMessage: alertGoneMessage(alertId),
	});
	return pairedItems([{ id: alertId, deleted: true }], itemIndex);
}
