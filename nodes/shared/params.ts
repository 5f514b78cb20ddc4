import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDotSegment } from './url';

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

/** "an object", "an array", "true", "null": what arrived instead of an ID, for messages. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return `an array (${value.length} entries)`;
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'number') return `the number ${value}`;
	return typeof value;
}

/**
 * An ID parameter: text or a finite number, trimmed and not empty. Objects and arrays (from an
 * expression) would be sent as "[object Object]" or "a,b", and `.` / `..` would leave their path
 * segment, so both are clear errors before any request.
 */
export function readIdValue(
	node: INode,
	raw: unknown,
	field: string,
	itemIndex: number,
	options: { hint?: string; emptyMessage?: string } = {},
): string {
	const { hint } = options;
	if (typeof raw === 'number' && !Number.isFinite(raw)) raw = String(raw);
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw new NodeOperationError(
			node,
			`"${field}" must be text or a number, got ${raw === undefined ? 'nothing' : describeValue(raw)}`,
			{
				itemIndex,
				description: `${hint ? `${hint} ` : ''}An expression that returns a whole item or a list gives this: point it at one ID, e.g. {{ $json.id }}.`,
			},
		);
	}
	const id = String(raw).trim();
	if (!id) {
		throw new NodeOperationError(node, options.emptyMessage ?? `"${field}" is empty`, {
			itemIndex,
			description: hint,
		});
	}
	if (isDotSegment(id)) {
		throw new NodeOperationError(node, `"${id}" is not a valid ${field}`, {
			itemIndex,
			description: `${hint ? `${hint} ` : ''}"." and ".." would change which address is called.`,
		});
	}
	return id;
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
	if (raw !== null && raw !== undefined && typeof raw === 'object' && !Array.isArray(raw)) {
		throw new NodeOperationError(node, `"${field}" must be a list of IDs, got an object`, {
			itemIndex,
			description: 'Use a list such as "id1, id2" or an array of strings, e.g. {{ $json.ids }}.',
		});
	}
	const values: unknown[] = Array.isArray(raw) ? raw : String(raw ?? '').split(separator);
	const ids: string[] = [];
	for (const value of values) {
		if (typeof value !== 'string' && typeof value !== 'number') {
			throw new NodeOperationError(node, `"${field}" must contain IDs as text`, {
				itemIndex,
				description: `Got ${describeValue(value)}. Use a list such as "id1, id2" or an array of strings.`,
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
