import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import {
	pathwayField,
	selectionFields,
	waitOptions,
	workflowChangeFields,
} from '../../descriptions/legacyAlert';
import {
	pathwayPath,
	readPathway,
	readSelection,
	readWaitOptions,
	readWorkflowChange,
} from '../../helpers/v6';
import { cbcApiRequestObject } from '../../transport';
import { waitForWorkflowStatus } from '../../transport/v6';

const properties: INodeProperties[] = [
	pathwayField,
	...selectionFields,
	...workflowChangeFields,
	waitOptions(true),
];

const displayOptions = { show: { resource: ['legacyAlert'], operation: ['bulkUpdateWorkflow'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const pathway = readPathway(this, itemIndex);
	const change = readWorkflowChange(this, itemIndex);
	const selection = readSelection(this, itemIndex, pathway);
	if (!selection.query && !selection.criteria) {
		throw new NodeOperationError(this.getNode(), 'The bulk update would change every alert', {
			itemIndex,
			description:
				'Set a Query, a Time Range other than Any Time, or a filter; to really update all alerts, use Raw Criteria (JSON) such as {"workflow": ["OPEN"]}.',
		});
	}
	const { wait, timeoutMs } = readWaitOptions(this, itemIndex, true);
	const response = await cbcApiRequestObject(this, {
		method: 'POST',
		api: 'appservicesV6',
		path: pathwayPath(pathway, 'workflow', '_criteria'),
		body: { ...change, ...selection },
		itemIndex,
		// A retried bulk update would start a second request.
		idempotent: false,
	});
	const requestId = String(response.request_id ?? '');
	if (!wait) return pairedItems([response], itemIndex);
	if (!requestId) {
		throw new NodeOperationError(this.getNode(), 'Carbon Black Cloud did not return a request_id', {
			itemIndex,
			description: `It answered ${JSON.stringify(response).slice(0, 200)}; the update may still run.`,
		});
	}
	const status = await waitForWorkflowStatus(this, requestId, { timeoutMs, itemIndex });
	return pairedItems([{ request_id: requestId, ...status }], itemIndex);
}
