import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../../shared/dates';
import type { AlertSearchBody } from '../transport/paginate';
import { RANGE_PRESETS } from '../descriptions/common';
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
	// version 1.1 picks a preset or Custom; version 1 has the free-text Range only
	const preset = node.typeVersion >= 1.1 ? String(ctx.getNodeParameter('rangePreset', itemIndex, '-2w')) : 'custom';
	const custom = preset === 'custom';
	if (!custom && !RANGE_PRESETS.some((p) => p.value === preset)) {
		throw new NodeOperationError(node, `"${preset.slice(0, 40)}" is not one of the offered ranges`, {
			itemIndex,
			description: 'Pick a range from the list, or Custom and type one such as -3d.',
		});
	}
	return {
		range: checkRelativeRange(
			node,
			custom ? ctx.getNodeParameter('range', itemIndex, '-2w') : preset,
			custom && node.typeVersion >= 1.1 ? 'Custom Range' : 'Range',
			itemIndex,
		),
	};
}
