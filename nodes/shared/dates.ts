import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Accepts ISO 8601 strings, n8n/luxon DateTimes, JS Dates and epoch ms; returns a UTC ISO string. */
export function toUtcIso(node: INode, value: unknown, field: string, itemIndex: number): string {
	let date: DateTime | undefined;
	if (DateTime.isDateTime(value)) date = value;
	else if (value instanceof Date) date = DateTime.fromJSDate(value);
	else if (typeof value === 'number') date = DateTime.fromMillis(value);
	else if (typeof value === 'string' && value.trim() !== '')
		date = DateTime.fromISO(value.trim(), { zone: 'utc' });
	if (!date || !date.isValid) {
		throw new NodeOperationError(
			node,
			`"${field}" is not a valid date: ${JSON.stringify(value ?? '')}`,
			{
				itemIndex,
				description:
					'Use an ISO 8601 date such as 2024-05-01T00:00:00Z, or pick one in the date picker.',
			},
		);
	}
	return date.toUTC().toISO() as string;
}
