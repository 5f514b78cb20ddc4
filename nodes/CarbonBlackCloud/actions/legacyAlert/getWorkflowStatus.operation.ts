import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readIdValue } from '../../../shared/params';
import { pairedItems } from '../../../shared/router';
import { waitOptions } from '../../descriptions/legacyAlert';
import { readWaitOptions } from '../../helpers/v6';
import { getWorkflowStatus, waitForWorkflowStatus } from '../../transport/v6';

const properties: INodeProperties[] = [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 14617a6cd8df11e9974f1d8882e43ec1',
		description: 'The request_id returned by Bulk Update Workflow',
	},
	waitOptions(false),
];

const displayOptions = { show: { resource: ['legacyAlert'], operation: ['getWorkflowStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const requestId = readIdValue(
		this.getNode(),
		this.getNodeParameter('requestId', itemIndex, ''),
		'Request ID',
		itemIndex,
		{
			emptyMessage: 'The request ID is empty',
			hint: 'Use the request_id output of Legacy Alert (API v6) › Bulk Update Workflow.',
		},
	);
	const { wait, timeoutMs } = readWaitOptions(this, itemIndex, false);
	const status = wait
		? await waitForWorkflowStatus(this, requestId, { timeoutMs, itemIndex })
		: await getWorkflowStatus(this, requestId, itemIndex);
	return pairedItems([status], itemIndex);
}
