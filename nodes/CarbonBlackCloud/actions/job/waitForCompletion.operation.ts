import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { jobIdField } from '../../descriptions/job';
import { checkJobId } from '../../helpers/job';
import { waitForJob } from '../../transport/jobs';

const properties: INodeProperties[] = [
	jobIdField,
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3600 },
		default: 300,
		description: 'How long to wait before failing',
	},
];

const displayOptions = { show: { resource: ['job'], operation: ['waitForCompletion'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const jobId = checkJobId(
		this.getNode(),
		this.getNodeParameter('jobId', itemIndex, ''),
		itemIndex,
	);
	const timeout = Number(this.getNodeParameter('timeout', itemIndex, 300));
	if (!Number.isFinite(timeout) || timeout <= 0) {
		throw new NodeOperationError(this.getNode(), '"Timeout" must be a positive number of seconds', {
			itemIndex,
		});
	}
	const job = await waitForJob(this, jobId, { timeoutMs: timeout * 1000, itemIndex });
	return pairedItems([job], itemIndex);
}
