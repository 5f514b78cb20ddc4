import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../../shared/dates';
import { readMaxResults } from '../../shared/params';
import type { CollectionResult } from '../transport/paginate';
import { MAX_IDS_PER_SEARCH } from '../transport/paginate';

export interface CollectionSettings {
	max?: number;
	pageSize?: number;
	after?: string;
	sort: string;
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
	return { max, pageSize, after, sort: String(options.sort ?? defaultSort) };
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

/** IDs from a comma/space/newline-separated string or an array (e.g. from an expression). */
export function parseIdList(
	node: INode,
	raw: unknown,
	field: string,
	itemIndex: number,
	options: { required?: boolean; max?: number; keepSpaces?: boolean } = {},
): string[] {
	const separator = options.keepSpaces ? /[,;\n]+/ : /[\s,;]+/;
	const values = Array.isArray(raw) ? raw : String(raw ?? '').split(separator);
	const ids: string[] = [];
	for (const value of values) {
		if (typeof value !== 'string' && typeof value !== 'number') {
			throw new NodeOperationError(node, `"${field}" must contain IDs as text`, {
				itemIndex,
				description: `Got ${JSON.stringify(value)}. Use a list such as "id1, id2" or an array of strings.`,
			});
		}
		const id = String(value).trim();
		if (id) ids.push(id);
	}
	const unique = [...new Set(ids)];
	if (options.required && unique.length === 0) {
		throw new NodeOperationError(node, `"${field}" is empty`, {
			itemIndex,
			description: 'Enter at least one ID, separated by commas.',
		});
	}
	if (options.max !== undefined && unique.length > options.max) {
		throw new NodeOperationError(
			node,
			`"${field}" has ${unique.length} IDs; at most ${options.max} are allowed`,
			{ itemIndex, description: 'Split the list over several items or runs.' },
		);
	}
	return unique;
}

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
	const raw = ctx.getNodeParameter('alertId', itemIndex, '', { extractValue: true });
	const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (!id || /\s/.test(id)) {
		throw new NodeOperationError(
			ctx.getNode(),
			id ? `"${id.slice(0, 80)}" is not an alert ID` : 'The alert ID is empty',
			{
				itemIndex,
				description: 'Pick an alert from the list or enter its ID, e.g. from Alert › Get Many.',
			},
		);
	}
	return id;
}

export const ALERT_GONE_HINT =
	'Alerts are removed when all their threat detections time out, 45 days after their last activity. If the alert never existed, check the ID.';

export function alertGoneMessage(id: string): string {
	return `The alert ${id} no longer exists`;
}
