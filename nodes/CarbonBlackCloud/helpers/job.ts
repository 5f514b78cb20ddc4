import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readIdValue } from '../../shared/params';

/** Job IDs are integers; `request_id` is their string form. */
export function checkJobId(node: INode, value: unknown, itemIndex: number): string {
	const text = readIdValue(node, value, 'Job ID', itemIndex, {
		hint: 'Use the request_id that Alert › Update Workflow returned.',
	});
	if (!/^\d{1,19}$/.test(text)) {
		throw new NodeOperationError(node, `"Job ID" must be a number, got "${text}"`, {
			itemIndex,
			description: 'Use the request_id that Alert › Update Workflow returned.',
		});
	}
	return text;
}
