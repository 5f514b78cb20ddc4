import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { jobIdField } from '../../descriptions/job';
import { checkJobId } from '../../helpers/job';
import { getJob } from '../../transport/jobs';

const properties: INodeProperties[] = [jobIdField];

const displayOptions = { show: { resource: ['job'], operation: ['get'] } };

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
	return pairedItems([await getJob(this, jobId, itemIndex)], itemIndex);
}
