// The naive n8n flows: what a user builds with n8n's own HTTP Request node (v4.2, loaded from
// n8n-nodes-base of the cached n8n runtime): one call per item, its built-in pagination.
import type { FlowNode } from './engine.mts';
import { CBC_ORG, CTA_CUSTOMER } from './floor.mts';

type Json = Record<string, any>;

function http(name: string, credentialType: string, credentialId: string, parameters: Json): FlowNode {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		credentials: { [credentialType]: credentialId },
		parameters: {
			authentication: 'predefinedCredentialType',
			nodeCredentialType: credentialType,
			...parameters,
			options: parameters.options ?? {},
		},
	};
}

const cbc = (name: string, parameters: Json) => http(name, 'carbonBlackCloudApi', 'cbc', parameters);
const cta = (name: string, parameters: Json) => http(name, 'ciscoGlobalThreatAlertsApi', 'cta', parameters);

const jsonBody = (expression: string) => ({ sendBody: true, specifyBody: 'json', jsonBody: `={{ JSON.stringify(${expression}) }}` });

/** "Update a Parameter in Each Request": body.start grows by the page size. */
function offsetPagination(rows: number, extra: Json = {}): Json {
	return {
		pagination: {
			pagination: {
				paginationMode: 'updateAParameterInEachRequest',
				parameters: { parameters: [{ type: 'body', name: 'start', value: `={{ $pageCount * ${rows} + 1 }}` }] },
				paginationCompleteWhen: 'other',
				completeExpression: `={{ $response.body.results.length < ${rows} }}`,
				...extra,
			},
		},
	};
}

/** "Response Contains Next URL": Cisco's pageInfo.next (a path) until hasNextPage is false. */
function nextUrlPagination(base: string, extra: Json = {}): Json {
	return {
		pagination: {
			pagination: {
				paginationMode: 'responseContainsNextURL',
				nextURL: `={{ "${base}" + $response.body.pageInfo.next }}`,
				paginationCompleteWhen: 'other',
				completeExpression: '={{ !$response.body.pageInfo.hasNextPage }}',
				...extra,
			},
		},
	};
}

/** P1: alert search paged with start/rows (1,000 per page); the API refuses start + rows ≥ 10,000. */
export function naiveCbcSearchAll(base: string, range: string): FlowNode[] {
	return [
		cbc('Search', {
			method: 'POST',
			url: `${base}/api/alerts/v7/orgs/${CBC_ORG}/alerts/_search`,
			...jsonBody(`{ time_range: { range: "${range}" }, sort: [{ field: "backend_timestamp", order: "ASC" }], rows: 1000 }`),
			options: offsetPagination(1000),
		}),
	];
}

/** P2: one workflow request per item, a pause, then one job read per item. */
export function naiveCbcWorkflow(base: string, pauseMs: number): FlowNode[] {
	return [
		cbc('Update', {
			method: 'POST',
			url: `${base}/api/alerts/v7/orgs/${CBC_ORG}/alerts/workflow`,
			...jsonBody(
				'{ time_range: { start: "2000-01-01T00:00:00.000Z", end: $now.toISO() }, criteria: { id: [$json.alert_id] }, status: "CLOSED", closure_reason: "RESOLVED" }',
			),
		}),
		{ name: 'Wait', type: 'bench.pause', parameters: { ms: pauseMs } },
		cbc('Job', { method: 'GET', url: `=${base}/jobs/v1/orgs/${CBC_ORG}/jobs/{{ $json.request_id }}` }),
	];
}

/** P3: events by sequence number, 1,000 per page, following pageInfo.next. */
export function naiveCtaEvents(base: string): FlowNode[] {
	return [
		cta('Events', {
			method: 'GET',
			url: `${base}/event-detection/customer/${CTA_CUSTOMER}/events?sort=modificationSequenceNumber&size=1000`,
			options: nextUrlPagination(base),
		}),
	];
}

/**
 * P6: events (paged) → Split Out → one detection search per event → one alert search per event.
 * `maxPages` limits the event pages (the bench runs it on a part and scales).
 */
export function naiveCtaAnnotations(base: string, maxPages: number): FlowNode[] {
	return [
		cta('Events', {
			method: 'GET',
			url: `${base}/threat-detection/customer/${CTA_CUSTOMER}/enriched-events-with-threat-detection-ids?sort=modificationSequenceNumber&size=1000`,
			options: nextUrlPagination(base, { limitPagesFetched: true, maxRequests: maxPages }),
		}),
		{ name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'items' } },
		cta('Detections', {
			method: 'POST',
			url: `${base}/alert-management/customer/${CTA_CUSTOMER}/enriched-threat-detections-with-alert-ids/search`,
			...jsonBody('{ filter: { threatDetectionIds: $json.threatDetectionIds } }'),
		}),
		cta('Alerts', {
			method: 'POST',
			url: `${base}/alert-management/customer/${CTA_CUSTOMER}/alerts/search`,
			...jsonBody('{ filter: { alertIds: [...new Set($json.items.flatMap((d) => d.alertIds))] } }'),
		}),
	];
}

/** P5 (CBC): the trigger's re-read window searched with the HTTP Request node's paging. */
export function naiveCbcWindow(base: string, body: Json): FlowNode[] {
	return [
		cbc('Search', {
			method: 'POST',
			url: `${base}/api/alerts/v7/orgs/${CBC_ORG}/alerts/_search`,
			...jsonBody(`${JSON.stringify({ ...body, rows: 1000 })}`),
			options: offsetPagination(1000),
		}),
	];
}

/** P5 (Cisco): alerts triggered after an instant, following pageInfo.next. */
export function naiveCtaAlertsAfter(base: string, afterIso: string): FlowNode[] {
	return [
		cta('Alerts', {
			method: 'GET',
			url: `${base}/alert-management/customer/${CTA_CUSTOMER}/alerts?sort=triggeredAt:asc&size=1000&triggeredAfter=${encodeURIComponent(afterIso)}`,
			options: nextUrlPagination(base),
		}),
	];
}

/** P9: one device_actions request per input item (the alert's device). */
export function naiveCbcQuarantine(base: string): FlowNode[] {
	return [
		cbc('Quarantine', {
			method: 'POST',
			url: `${base}/appservices/v6/orgs/${CBC_ORG}/device_actions`,
			...jsonBody('{ action_type: "QUARANTINE", device_id: [$json.device_id], options: { toggle: "ON" } }'),
		}),
	];
}
