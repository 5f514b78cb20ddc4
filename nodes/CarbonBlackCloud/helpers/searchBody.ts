import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../../shared/dates';
import type { AlertSearchBody } from '../transport/paginate';
import { buildCriteria } from './criteria';
import { checkRelativeRange } from './utils';

/** Reads Query, Time Range and Filters of one item into an Alerts v7 search body. */
export function buildAlertSearchBody(ctx: IExecuteFunctions, itemIndex: number): AlertSearchBody {
	const node = ctx.getNode();
	const body: AlertSearchBody = {};
	const query = String(ctx.getNodeParameter('query', itemIndex, '') ?? '').trim();
	if (query) body.query = query;

	const timeRange = readTimeRange(ctx, itemIndex);
	if (timeRange) body.time_range = timeRange;

	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { criteria, exclusions } = buildCriteria(node, filters, itemIndex);
	if (Object.keys(criteria).length) body.criteria = criteria;
	if (Object.keys(exclusions).length) body.exclusions = exclusions;
	return body;
}

/**
 * Time Range / Start / End / Range of one item: `{ start, end }` (Between Dates), `{ range }`
 * (Relative) or undefined (Any Time, v6 only). Shared by v7 `time_range` and v6 `create_time`.
 */
export function readTimeRange(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const node = ctx.getNode();
	const mode = ctx.getNodeParameter('timeRange', itemIndex, 'relative') as string;
	if (mode === 'any') return undefined;
	if (mode === 'absolute') {
		const start = toUtcIso(
			node,
			ctx.getNodeParameter('startTime', itemIndex, ''),
			'Start',
			itemIndex,
		);
		const end = toUtcIso(node, ctx.getNodeParameter('endTime', itemIndex, ''), 'End', itemIndex);
		if (Date.parse(start) >= Date.parse(end)) {
			throw new NodeOperationError(node, '"Start" must be before "End"', {
				itemIndex,
				description: `Got start ${start} and end ${end}.`,
			});
		}
		return { start, end };
	}
	if (mode !== 'relative') {
		throw new NodeOperationError(
			node,
			`"Time Range" must be any, relative or absolute; got "${mode}"`,
			{ itemIndex },
		);
	}
	return {
		range: checkRelativeRange(
			node,
			ctx.getNodeParameter('range', itemIndex, '-2w'),
			'Range',
			itemIndex,
		),
	};
}
