import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { annotateEvents, ENRICHED_EVENTS } from '../helpers/annotations';
import type { CtaRequest } from '../transport';
import type { CollectionResult } from '../transport/paginate';
import { ctaCollect, SEQUENCE_SORT } from '../transport/paginate';

export type AlertEvent = 'newAlert' | 'modifiedAlert';
export type SequenceEvent = 'event' | 'threatDetection' | 'securityAnnotation';
export type TriggerEvent = AlertEvent | SequenceEvent;

export const ALERT_FIELD: Record<AlertEvent, { field: string; filter: string }> = {
	newAlert: { field: 'triggeredAt', filter: 'triggeredAfter' },
	modifiedAlert: { field: 'modifiedAt', filter: 'modifiedAfter' },
};

const SEQUENCE_SOURCES: Record<SequenceEvent, CtaRequest> = {
	event: {
		method: 'POST',
		service: 'event-detection',
		path: ['events', 'search'],
		body: { filter: {} },
	},
	threatDetection: { method: 'GET', service: 'threat-detection', path: ['threat-detections'] },
	securityAnnotation: { ...ENRICHED_EVENTS, qs: {} },
};

export function isAlertEvent(event: TriggerEvent): event is AlertEvent {
	return event === 'newAlert' || event === 'modifiedAlert';
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Every alert after `afterMs` (exclusive; null = all), oldest first, all pages, or as many as fit
 * before the deadline (`complete` false) or until `max` alerts for which `counts` is true
 * (`capped`).
 */
export async function fetchAlertsAfter(
	ctx: IPollFunctions,
	event: AlertEvent,
	afterMs: number | null,
	limits: { deadline?: number; max?: number; counts?: (alert: IDataObject) => boolean } = {},
): Promise<CollectionResult> {
	const { field, filter } = ALERT_FIELD[event];
	const qs: IDataObject = { sort: `${field}:asc` };
	if (afterMs !== null) qs[filter] = iso(afterMs);
	return await ctaCollect(
		ctx,
		{ method: 'GET', service: 'alert-management', path: ['alerts'], qs },
		limits,
	);
}

/** The newest alert of the stream, or undefined when there is none ("Fetch Test Event"). */
export async function fetchLatestAlert(
	ctx: IPollFunctions,
	event: AlertEvent,
): Promise<IDataObject | undefined> {
	const { items } = await ctaCollect(
		ctx,
		{
			method: 'GET',
			service: 'alert-management',
			path: ['alerts'],
			qs: { sort: `${ALERT_FIELD[event].field}:desc` },
		},
		{ max: 1 },
	);
	return items[0];
}

function withQs(source: CtaRequest, qs: IDataObject): CtaRequest {
	return { ...source, qs: { ...(source.qs ?? {}), ...qs } };
}

export interface SequenceResult {
	items: IDataObject[];
	/** The vendor's endCursor when it moved past `cursor`, else null. */
	endCursor: string | null;
	complete: boolean;
}

/**
 * Objects changed after `cursor` (exclusive; null = from the start), in sequence order, at most
 * `max`, stopping at the deadline (security annotations: the events, to be joined once deduped). Only `sort=modificationSequenceNumber` is sent: the one sort
 * the Cisco doc gives for these collections.
 */
export async function fetchSequence(
	ctx: IPollFunctions,
	event: SequenceEvent,
	cursor: string | null,
	max: number,
	deadline?: number,
): Promise<SequenceResult> {
	const result = await ctaCollect(ctx, withQs(SEQUENCE_SOURCES[event], { sort: SEQUENCE_SORT }), {
		after: cursor,
		max,
		deadline,
		idAsCursor: false,
	});
	return {
		items: result.items,
		endCursor: result.endCursor !== cursor ? result.endCursor : null,
		complete: result.complete,
	};
}

/** One object of the stream for "Fetch Test Event": the API's default order, no sort sent. */
export async function fetchLatestObject(
	ctx: IPollFunctions,
	event: SequenceEvent,
): Promise<IDataObject[]> {
	const source = SEQUENCE_SOURCES[event];
	const qs: IDataObject = { ...(source.qs ?? {}) };
	delete qs.sort;
	const { items } = await ctaCollect(ctx, { ...source, qs }, { max: 1 });
	return event === 'securityAnnotation' ? await annotateEvents(ctx, items) : items;
}

/**
 * First activation of a sequence stream: where "now" is. Found with documented requests only,
 * by reading the stream in sequence order to its end (1,000 objects a page, nothing kept). It
 * stops at the deadline and resumes from `after` on the next poll (`done` false).
 */
export async function findSequenceEnd(
	ctx: IPollFunctions,
	event: SequenceEvent,
	after: string | null,
	deadline?: number,
): Promise<{ cursor: string | null; done: boolean }> {
	const result = await ctaCollect(ctx, withQs(SEQUENCE_SOURCES[event], { sort: SEQUENCE_SORT }), {
		after,
		deadline,
		idAsCursor: false,
		discard: true,
	});
	return { cursor: result.endCursor, done: result.complete };
}
