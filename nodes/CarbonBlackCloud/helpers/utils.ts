import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readIdValue } from '../../shared/params';
import { THREAT_URL_ID } from '../descriptions/threat';

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

/** `id:<id>` not preceded by a letter, digit or `_` (so not the `threat_id:` of a threat URL). */
const ALERT_URL_ID = /(?<![A-Za-z0-9_])id:([0-9a-zA-Z-]{8,})/;
const THREAT_URL_ID_PATTERN = new RegExp(THREAT_URL_ID);

function decodedUrl(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		// keep the raw text; the patterns may still match
		return text;
	}
}

/**
 * Mode and value of a resource locator parameter (n8n saves `{ __rl: true, mode, value }`); a
 * plain value (a string parameter of an older node version, or an expression) is mode `id`.
 */
export function locatorParts(raw: unknown): { mode: string; value: unknown } {
	if (raw !== null && typeof raw === 'object' && 'mode' in raw && 'value' in raw) {
		const locator = raw as { mode?: unknown; value?: unknown };
		return { mode: typeof locator.mode === 'string' ? locator.mode : 'id', value: locator.value };
	}
	return { mode: 'id', value: raw };
}

/** Accepts an alert ID or a console alert URL (`…/alerts?s[c][query_string]=id:<id>&orgKey=…`). */
export function alertIdFromInput(
	node: INode,
	value: unknown,
	itemIndex: number,
	mode = 'id',
): string {
	let text = readIdValue(node, value, 'Alert ID', itemIndex, {
		emptyMessage: 'The alert ID is empty',
	});
	const isUrl = /^https?:\/\//i.test(text);
	if (isUrl || mode === 'url') {
		const decoded = decodedUrl(text);
		const match = isUrl ? ALERT_URL_ID.exec(decoded) : null;
		if (!match) {
			const threat = isUrl && THREAT_URL_ID_PATTERN.test(decoded);
			throw new NodeOperationError(
				node,
				threat
					? 'The URL names a threat (threat_id:), not an alert'
					: 'No alert ID found in the alert URL',
				{
					itemIndex,
					description: threat
						? 'Use it in a Threat, Threat Note or Threat Tag operation, or paste the URL of one alert (it contains id: followed by the alert ID).'
						: 'Paste the URL of an alert from the console (https://…, it contains id: followed by the alert ID) or the alert ID itself.',
				},
			);
		}
		text = match[1];
	}
	return text;
}

/**
 * A threat ID from the Threat parameter: plain text (node versions 1 and 1.1) or the resource
 * locator of version 1.2 (`{ __rl, mode, value }`). A console URL (By URL, or pasted as the ID)
 * gives its `threat_id:` value.
 */
export function threatIdFromInput(node: INode, raw: unknown, itemIndex: number): string {
	const hint = 'Use the threat_id of an alert, e.g. {{ $json.threat_id }}.';
	const { mode, value } = locatorParts(raw);
	const text = readIdValue(node, value, 'Threat ID', itemIndex, { hint });
	const isUrl = /^https?:\/\//i.test(text);
	if (mode !== 'url' && !isUrl) return text;
	const match = isUrl ? THREAT_URL_ID_PATTERN.exec(decodedUrl(text)) : null;
	if (!match) {
		throw new NodeOperationError(node, 'No threat ID found in the threat URL', {
			itemIndex,
			description: `Got "${text.slice(0, 120)}". A threat URL starts with https:// and contains threat_id: followed by the threat ID, e.g. https://defense.conferdeploy.net/alerts?s[c][query_string]=threat_id:0569620088E6669121E38D9A64DBC24E&orgKey=ABCD1234.`,
		});
	}
	return readIdValue(node, match[1], 'Threat ID', itemIndex, { hint });
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
	const { mode, value } = locatorParts(ctx.getNodeParameter('alertId', itemIndex, ''));
	return alertIdFromInput(ctx.getNode(), value, itemIndex, mode);
}

/** The item's Threat parameter (text before version 1.2, a resource locator from 1.2), required. */
export function readThreatId(ctx: IExecuteFunctions, itemIndex: number): string {
	return threatIdFromInput(ctx.getNode(), ctx.getNodeParameter('threatId', itemIndex, ''), itemIndex);
}

/** An ID-like parameter that becomes a path segment (Threat ID, Note ID, Tag), or a clear error. */
export function requireText(node: INode, value: unknown, field: string, itemIndex: number): string {
	return readIdValue(node, value, field, itemIndex);
}
