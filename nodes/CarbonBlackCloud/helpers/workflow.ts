import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface WorkflowChange extends IDataObject {
	status?: string;
	closure_reason?: string;
	determination?: string;
	note?: string;
}

/** Status / Closure Reason / Determination / Note of one item; at least one must change. */
export function readWorkflowChange(ctx: IExecuteFunctions, itemIndex: number): WorkflowChange {
	const change: WorkflowChange = {};
	const status = ctx.getNodeParameter('status', itemIndex, 'KEEP') as string;
	if (status !== 'KEEP') change.status = status;
	if (status === 'CLOSED')
		change.closure_reason = ctx.getNodeParameter('closureReason', itemIndex, 'NO_REASON') as string;
	const determination = ctx.getNodeParameter('determination', itemIndex, 'KEEP') as string;
	if (determination !== 'KEEP') change.determination = determination;
	const note = String(ctx.getNodeParameter('note', itemIndex, '') ?? '');
	if (note.trim()) change.note = note;
	if (!Object.keys(change).length) {
		throw new NodeOperationError(ctx.getNode(), 'Nothing to update', {
			itemIndex,
			description: 'Choose a status or a determination, or enter a note.',
		});
	}
	return change;
}

export function readWaitOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { wait: boolean; timeoutMs: number } {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeout = Number(options.timeout ?? 300);
	if (!Number.isFinite(timeout) || timeout <= 0) {
		throw new NodeOperationError(ctx.getNode(), '"Timeout" must be a positive number of seconds', {
			itemIndex,
		});
	}
	return { wait: options.waitForCompletion !== false, timeoutMs: timeout * 1000 };
}
