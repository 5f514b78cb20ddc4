import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { expectList } from '../../shared/http';
import { cbcApiRequestObject } from '../transport';
import { SEARCH_WINDOW } from '../transport/paginate';

/** Results per page of a list (the editor asks for the next page when the user scrolls). */
const LIST_PAGE_SIZE = 100;
/** How far back the lists look (by backend_timestamp); older alerts: By ID or By URL. */
const LIST_RANGE = '-1M';

const REASON_MAX = 100;

/**
 * The search text as one Lucene phrase: inside quotes only `"` and `\` are special, so any text
 * (`:`, `(`, `*`, `AND`, …) is searched for as typed and cannot change the query.
 */
function phraseQuery(filter: string | undefined): string | undefined {
	const text = (filter ?? '').trim();
	if (!text) return undefined;
	return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** The 1-based `start` in a pagination token, or 1 for none (or one that is not ours). */
function startOf(paginationToken: string | undefined): number {
	const start = Number(paginationToken);
	return Number.isInteger(start) && start >= 1 ? start : 1;
}

/**
 * `start` and `rows` of one page inside the 10,000 window (`start + rows` must stay below
 * 10,000), or undefined when the window is used up.
 */
function pageAt(start: number): { start: number; rows: number } | undefined {
	const rows = Math.min(LIST_PAGE_SIZE, SEARCH_WINDOW - 1 - start);
	return rows > 0 ? { start, rows } : undefined;
}

/** The token of the page after this one, or undefined at the end of the results or window. */
function nextToken(
	page: { start: number; rows: number },
	received: number,
	numFound: unknown,
): string | undefined {
	if (received < page.rows) return undefined;
	const next = page.start + received;
	if (typeof numFound === 'number' && next > numFound) return undefined;
	return pageAt(next) ? String(next) : undefined;
}

function text(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function shortReason(value: unknown): string {
	const reason = text(value).replace(/\s+/g, ' ').trim();
	return reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX - 1)}…` : reason;
}

function httpUrl(value: unknown): string | undefined {
	return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : undefined;
}

/**
 * The console link of a threat, built like the alert_url of one of its alerts
 * (`…/alerts?s[c][query_string]=id:<alert>&orgKey=…` → `…=threat_id:<threat>&orgKey=…`).
 */
function threatUrl(alertUrl: unknown, threatId: string): string | undefined {
	const link = httpUrl(alertUrl);
	if (!link) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(link);
	} catch {
		return undefined;
	}
	const orgKey = parsed.searchParams.get('orgKey');
	const query = `s[c][query_string]=threat_id:${encodeURIComponent(threatId)}`;
	return `${parsed.origin}/alerts?${query}${orgKey ? `&orgKey=${encodeURIComponent(orgKey)}` : ''}`;
}

function searchBody(
	filter: string | undefined,
	page: { start: number; rows: number },
	sortField: string,
): IDataObject {
	const query = phraseQuery(filter);
	return {
		...(query ? { query } : {}),
		time_range: { range: LIST_RANGE },
		sort: [{ field: sortField, order: 'DESC' }],
		start: page.start,
		rows: page.rows,
	};
}

/**
 * Alerts of the last month, newest first (backend_timestamp), 100 per page; the search text is
 * sent as a quoted phrase. Name: severity · reason · created; value: the alert ID; url: alert_url.
 */
export async function searchAlerts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = pageAt(startOf(paginationToken));
	if (!page) return { results: [] };
	const reply = await cbcApiRequestObject(this, {
		method: 'POST',
		path: ['alerts', '_search'],
		body: searchBody(filter, page, 'backend_timestamp'),
		idempotent: true,
	});
	const alerts = expectList(this, reply, 'results', 'Carbon Black Cloud');
	const results: INodeListSearchItems[] = [];
	for (const alert of alerts) {
		const id = text(alert.id);
		if (!id) continue;
		const parts = [text(alert.severity), shortReason(alert.reason) || text(alert.type) || id];
		parts.push(text(alert.backend_timestamp));
		const url = httpUrl(alert.alert_url);
		results.push({ name: parts.filter(Boolean).join(' · '), value: id, ...(url ? { url } : {}) });
	}
	return { results, paginationToken: nextToken(page, alerts.length, reply.num_found) };
}

/**
 * Threats (alerts grouped by threat_id) of the last month, the one with the newest alert first,
 * 100 per page; the search text is sent as a quoted phrase. Name: highest severity · reason of
 * the most recent alert · alert count · last alert time; value: the threat ID; url: its console
 * link.
 */
export async function searchThreats(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = pageAt(startOf(paginationToken));
	if (!page) return { results: [] };
	const reply = await cbcApiRequestObject(this, {
		method: 'POST',
		path: ['grouped_alerts', '_search'],
		body: { ...searchBody(filter, page, 'last_alert_timestamp'), group_by: { field: 'THREAT_ID' } },
		idempotent: true,
	});
	const groups = expectList(this, reply, 'results', 'Carbon Black Cloud');
	const results: INodeListSearchItems[] = [];
	for (const group of groups) {
		const recent = (
			group.most_recent_alert && typeof group.most_recent_alert === 'object'
				? group.most_recent_alert
				: {}
		) as IDataObject;
		const id = text(group.threat_id) || text(recent.threat_id);
		if (!id) continue;
		const count = typeof group.count === 'number' ? group.count : undefined;
		const parts = [
			text(group.highest_severity ?? recent.severity),
			shortReason(recent.reason) || id,
			count === undefined ? '' : `${count} alert${count === 1 ? '' : 's'}`,
			text(group.last_alert_timestamp ?? recent.backend_timestamp),
		];
		const url = threatUrl(recent.alert_url, id);
		results.push({ name: parts.filter(Boolean).join(' · '), value: id, ...(url ? { url } : {}) });
	}
	return { results, paginationToken: nextToken(page, groups.length, reply.num_found) };
}

/**
 * Devices, the one that checked in last first, 100 per page; the search text is sent as a quoted
 * phrase. Name: name · OS · status (quarantined); value: the numeric device ID.
 */
export async function searchDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = pageAt(startOf(paginationToken));
	if (!page) return { results: [] };
	const query = phraseQuery(filter);
	const reply = await cbcApiRequestObject(this, {
		method: 'POST',
		api: 'devicesV6',
		path: ['devices', '_search'],
		body: {
			...(query ? { query } : {}),
			criteria: {},
			sort: [{ field: 'last_contact_time', order: 'DESC' }],
			start: page.start,
			rows: page.rows,
		},
		idempotent: true,
	});
	const devices = expectList(this, reply, 'results', 'Carbon Black Cloud');
	const results: INodeListSearchItems[] = [];
	for (const device of devices) {
		const id = text(device.id);
		if (!/^\d+$/.test(id)) continue;
		const status = device.quarantined === true ? 'QUARANTINED' : text(device.status);
		const parts = [text(device.name) || id, text(device.os), status];
		results.push({ name: parts.filter(Boolean).join(' · '), value: id });
	}
	return { results, paginationToken: nextToken(page, devices.length, reply.num_found) };
}
