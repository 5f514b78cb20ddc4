import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { legacyAlertIdLocator } from '../../descriptions/common';
import { workflowChangeFields } from '../../descriptions/legacyAlert';
import { readAlertId } from '../../helpers/utils';
import { readWorkflowChange } from '../../helpers/v6';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [legacyAlertIdLocator, ...workflowChangeFields];

const displayOptions = { show: { resource: ['legacyAlert'], operation: ['updateWorkflow'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const alertId = readAlertId(this, itemIndex);
	const body = readWorkflowChange(this, itemIndex);
	const workflow = await cbcApiRequestObject(this, {
		method: 'POST',
		api: 'appservicesV6',
		path: ['alerts', alertId, 'workflow'],
		body,
		itemIndex,
		idempotent: false,
	});
	return pairedItems([{ id: alertId, ...workflow }], itemIndex);
}
