import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Return All / Limit of one item: undefined reads everything; a Limit that is not 1, 2, … is an error. */
export function readMaxResults(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const raw: unknown = ctx.getNodeParameter('limit', itemIndex, 50);
	const max = typeof raw === 'string' && raw.trim() === '' ? NaN : Number(raw);
	if (!Number.isInteger(max) || max < 1) {
		throw new NodeOperationError(ctx.getNode(), '"Limit" must be a whole number of at least 1', {
			itemIndex,
			description: `Got ${JSON.stringify(raw)}. Turn on Return All to read everything.`,
		});
	}
	return max;
}
