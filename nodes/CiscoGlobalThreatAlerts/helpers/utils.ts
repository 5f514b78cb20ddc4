import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../../shared/dates';
import { readIdValue, readMaxResults } from '../../shared/params';
import type { CollectionResult } from '../transport/paginate';
import { MAX_IDS_PER_SEARCH } from '../transport/paginate';

export interface CollectionSettings {
	max?: number;
	pageSize?: number;
	after?: string;
	/** Undefined: the API's default order (no `sort` sent). */
	sort?: string;
}

/** Return All / Limit and the Options collection, validated before any request. */
export function readCollectionSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaultSort: string,
): CollectionSettings {
	const node = ctx.getNode();
	const max = readMaxResults(ctx, itemIndex);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const pageSize = options.pageSize === undefined ? undefined : Number(options.pageSize);
	if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)) {
		throw new NodeOperationError(node, '"Page Size" must be a whole number from 1 to 1,000', {
			itemIndex,
		});
	}
	const after = String(options.after ?? '').trim() || undefined;
	const sort = String(options.sort ?? defaultSort);
	return { max, pageSize, after, sort: sort === '' ? undefined : sort };
}

/** A date filter as the API wants it (RFC 3339, UTC), or undefined when empty. */
export function optionalDate(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return toUtcIso(node, value, field, itemIndex);
}

export { parseIdList } from '../../shared/params';

export const MAX_FILTER_IDS = MAX_IDS_PER_SEARCH;

/** One item per object; the last one carries `_endCursor` so a later run can continue. */
export function collectionItems(result: CollectionResult, itemIndex: number): INodeExecutionData[] {
	const { items, endCursor } = result;
	return items.map((json, index) => ({
		json: index === items.length - 1 ? { ...json, _endCursor: endCursor } : json,
		pairedItem: { item: itemIndex },
	}));
}

/** Orders the found objects like the requested IDs. */
export function inIdOrder(ids: string[], found: Map<string, IDataObject>): IDataObject[] {
	const out: IDataObject[] = [];
	for (const id of ids) {
		const item = found.get(id);
		if (item) out.push(item);
	}
	return out;
}

/** The alert ID of an item's resource locator, trimmed and checked before any request. */
export function readAlertId(ctx: IExecuteFunctions, itemIndex: number): string {
	const hint = 'Pick an alert from the list or enter its ID, e.g. from Alert › Get Many.';
	const id = readIdValue(
		ctx.getNode(),
		ctx.getNodeParameter('alertId', itemIndex, '', { extractValue: true }),
		'Alert ID',
		itemIndex,
		{ hint, emptyMessage: 'The alert ID is empty' },
	);
	if (/\s/.test(id)) {
		throw new NodeOperationError(ctx.getNode(), `"${id.slice(0, 80)}" is not an alert ID`, {
			itemIndex,
			description: hint,
		});
	}
	return id;
}

export const ALERT_GONE_HINT =
	'Alerts are removed when all their threat detections time out, 45 days after their last activity. If the alert never existed, check the ID.';

export function alertGoneMessage(id: string): string {
	return `The alert ${id} no longer exists`;
}
