import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readIdValue } from '../../shared/params';

const RANGE = /^-(\d+)([MwdhmsSyY]?)$/;
const UNITS: Record<string, string> = {
	M: 'months',
	w: 'weeks',
	d: 'days',
	h: 'hours',
	m: 'minutes',
	s: 'seconds',
};

/** Validates a Carbon Black relative range such as `-2w` and returns it unchanged. */
export function checkRelativeRange(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): string {
	const text = String(value ?? '').trim();
	const match = RANGE.exec(text);
	if (!match || !UNITS[match[2]] || Number(match[1]) <= 0) {
		throw new NodeOperationError(node, `"${field}" must be a minus sign, a number and a unit (such as -2w or -30d), got "${text}"`, {
			itemIndex,
			description:
				'Units: M (months), w (weeks), d (days), h (hours), m (minutes), s (seconds). Example: -2w for the last two weeks.',
		});
	}
	return text;
}

/** Start of a relative range, measured back from `now`. */
export function rangeStart(range: string, now: DateTime): DateTime {
	const match = RANGE.exec(range)!;
	return now.minus({ [UNITS[match[2]]]: Number(match[1]) });
}

/** Parses a JSON object field (string or object); anything else is a clear error. */
export function parseJsonObject(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new NodeOperationError(node, `"${field}" is not valid JSON`, {
				itemIndex,
				description: `${(error as Error).message}. Example: {"device_os": ["WINDOWS"]}`,
			});
		}
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(node, `"${field}" must be a JSON object`, {
			itemIndex,
			description: 'Example: {"device_os": ["WINDOWS"], "minimum_severity": 5}',
		});
	}
	return parsed as IDataObject;
}

const ALERT_URL_ID = /id:([0-9a-zA-Z-]{8,})/;

/** Accepts an alert ID or a console alert URL (`…/alerts?s[c][query_string]=id:<id>&orgKey=…`). */
export function alertIdFromInput(node: INode, value: unknown, itemIndex: number): string {
	let text = readIdValue(node, value, 'Alert ID', itemIndex, {
		emptyMessage: 'The alert ID is empty',
	});
	if (/^https?:\/\//i.test(text)) {
		let decoded = text;
		try {
			decoded = decodeURIComponent(text);
		} catch {
			// keep the raw text; the pattern below may still match
		}
		const match = ALERT_URL_ID.exec(decoded);
		if (!match) {
			throw new NodeOperationError(node, 'No alert ID found in the alert URL', {
				itemIndex,
				description:
					'Paste the URL of an alert from the console (it contains id: followed by the alert ID) or the alert ID itself.',
			});
		}
		text = match[1];
	}
	return text;
}

/** Splits "a, b\nc" into ["a", "b", "c"]; arrays pass through. */
export function toList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
	if (value === undefined || value === null) return [];
	return String(value)
		.split(/[,\n]/)
		.map((v) => v.trim())
		.filter(Boolean);
}

/** Notes must be 1–20,000 characters; checked before any request. */
export function checkNote(node: INode, value: unknown, itemIndex: number, max: number): string {
	const note = String(value ?? '');
	if (note.trim() === '') {
		throw new NodeOperationError(node, 'The note is empty', {
			itemIndex,
			description: 'Enter the note text.',
		});
	}
	if (note.length > max) {
		throw new NodeOperationError(
			node,
			`The note is ${note.length} characters long; the limit is ${max}`,
			{
				itemIndex,
				description: 'Shorten the note or split it into several notes.',
			},
		);
	}
	return note;
}

/** The item's Alert parameter (ID or console URL) as an alert ID. */
export function readAlertId(ctx: IExecuteFunctions, itemIndex: number): string {
	return alertIdFromInput(
		ctx.getNode(),
		ctx.getNodeParameter('alertId', itemIndex, '', { extractValue: true }),
		itemIndex,
	);
}

/** The item's Threat ID parameter, required. */
export function readThreatId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireText(
		ctx.getNode(),
		ctx.getNodeParameter('threatId', itemIndex, ''),
		'Threat ID',
		itemIndex,
	);
}

/** An ID-like parameter that becomes a path segment (Threat ID, Note ID, Tag), or a clear error. */
export function requireText(node: INode, value: unknown, field: string, itemIndex: number): string {
	return readIdValue(node, value, field, itemIndex);
}
