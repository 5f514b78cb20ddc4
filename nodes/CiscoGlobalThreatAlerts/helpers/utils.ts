import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../../shared/dates';
import { readIdValue, readMaxResults } from '../../shared/params';
import { ALERT_URL_ID } from '../descriptions/common';
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

const ALERT_URL_IDS = new RegExp(ALERT_URL_ID, 'g');

/**
 * The alert ID of a By URL value: the one 64-hex-character alert ID in an http(s) URL (the
 * Cisco doc gives no console URL format, so no particular path is required).
 */
export function alertIdFromUrl(node: INode, url: string, itemIndex: number): string {
	const hint =
		'By URL takes an http(s) link that contains the alert ID (64 hex characters) once; the rest of the link does not matter. Or pick the alert from the list, or enter its ID.';
	let decoded = url;
	try {
		decoded = decodeURIComponent(url);
	} catch {
		// keep the raw text: alert IDs need no decoding
	}
	const ids = /^https?:\/\//i.test(decoded)
		? [...new Set([...decoded.matchAll(ALERT_URL_IDS)].map((match) => match[1]))]
		: [];
	if (ids.length !== 1) {
		throw new NodeOperationError(
			node,
			ids.length
				? `The alert URL contains ${ids.length} different alert IDs; it should contain one`
				: `No alert ID found in the alert URL "${url.slice(0, 80)}"`,
			{ itemIndex, description: hint },
		);
	}
	return ids[0];
}

/** The alert ID of an item's resource locator, trimmed and checked before any request. */
export function readAlertId(ctx: IExecuteFunctions, itemIndex: number): string {
	const hint = 'Pick an alert from the list or enter its ID, e.g. from Alert › Get Many.';
	const node = ctx.getNode();
	// read without extractValue: a By URL value is checked here, with a clear message
	const raw: unknown = ctx.getNodeParameter('alertId', itemIndex, '');
	let mode = 'id';
	let value = raw;
	if (raw !== null && typeof raw === 'object' && 'mode' in raw && 'value' in raw) {
		const locator = raw as { mode?: unknown; value?: unknown };
		mode = typeof locator.mode === 'string' ? locator.mode : 'id';
		value = locator.value;
	}
	const id = readIdValue(node, value, 'Alert ID', itemIndex, {
		hint,
		emptyMessage: 'The alert ID is empty',
	});
	if (mode === 'url') return alertIdFromUrl(node, id, itemIndex);
	if (/\s/.test(id)) {
		throw new NodeOperationError(node, `"${id.slice(0, 80)}" is not an alert ID`, {
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
