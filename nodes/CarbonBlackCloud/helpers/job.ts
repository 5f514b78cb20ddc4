import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Job IDs are integers; `request_id` is their string form. */
export function checkJobId(node: INode, value: unknown, itemIndex: number): string {
	const text = String(value ?? '').trim();
	if (!/^\d{1,19}$/.test(text)) {
		throw new NodeOperationError(node, `"Job ID" must be a number, got "${text}"`, {
			itemIndex,
			description: 'Use the request_id that Alert › Update Workflow returned.',
		});
	}
	return text;
}
