import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface WorkflowChange extends IDataObject {
	status?: string;
	closure_reason?: string;
	determination?: string;
	note?: string;
}

const KNOWN: Record<string, { field: string; values: string[] }> = {
	status: { field: 'Status', values: ['OPEN', 'IN_PROGRESS', 'CLOSED', 'KEEP'] },
	closureReason: {
		field: 'Closure Reason',
		values: ['NO_REASON', 'RESOLVED', 'RESOLVED_BENIGN_KNOWN_GOOD', 'DUPLICATE_CLEANUP', 'OTHER'],
	},
	determination: {
		field: 'Determination',
		values: ['TRUE_POSITIVE', 'FALSE_POSITIVE', 'NONE', 'KEEP'],
	},
};

/** An options parameter that an expression may have set to anything: checked before sending. */
function readKnown(
	ctx: IExecuteFunctions,
	name: keyof typeof KNOWN,
	itemIndex: number,
	fallback: string,
): string {
	const value = String(ctx.getNodeParameter(name, itemIndex, fallback) ?? '').trim();
	const { field, values } = KNOWN[name];
	if (!values.includes(value)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${value.slice(0, 40)}" is not a ${field.toLowerCase()} value`,
			{ itemIndex, description: `"${field}" takes one of: ${values.join(', ')}.` },
		);
	}
	return value;
}

/** Status / Closure Reason / Determination / Note of one item; at least one must change. */
export function readWorkflowChange(ctx: IExecuteFunctions, itemIndex: number): WorkflowChange {
	const change: WorkflowChange = {};
	const status = readKnown(ctx, 'status', itemIndex, 'KEEP');
	if (status !== 'KEEP') change.status = status;
	if (status === 'CLOSED')
		change.closure_reason = readKnown(ctx, 'closureReason', itemIndex, 'NO_REASON');
	const determination = readKnown(ctx, 'determination', itemIndex, 'KEEP');
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
