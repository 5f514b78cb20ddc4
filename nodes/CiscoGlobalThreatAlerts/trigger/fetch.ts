import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { annotateEvents, ENRICHED_EVENTS } from '../helpers/annotations';
import type { CtaRequest } from '../transport';
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

/** Every alert after `afterMs` (exclusive; null = all), oldest first, all pages. */
export async function fetchAlertsAfter(
	ctx: IPollFunctions,
	event: AlertEvent,
	afterMs: number | null,
): Promise<IDataObject[]> {
	const { field, filter } = ALERT_FIELD[event];
	const qs: IDataObject = { sort: `${field}:asc` };
	if (afterMs !== null) qs[filter] = iso(afterMs);
	const { items } = await ctaCollect(ctx, {
		method: 'GET',
		service: 'alert-management',
		path: ['alerts'],
		qs,
	});
	return items;
}

/** The newest alert of the stream, or undefined when there is none. */
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

/** Objects changed after `cursor` (exclusive; null = from the start), in sequence order. */
export async function fetchSequence(
	ctx: IPollFunctions,
	event: SequenceEvent,
	cursor: string | null,
	max: number,
): Promise<{ items: IDataObject[]; cursor: string | null }> {
	const result = await ctaCollect(ctx, withQs(SEQUENCE_SOURCES[event], { sort: SEQUENCE_SORT }), {
		after: cursor,
		max,
	});
	const items =
		event === 'securityAnnotation' ? await annotateEvents(ctx, result.items) : result.items;
	return { items, cursor: result.items.length ? result.endCursor : cursor };
}

/** The most recently modified object (joined for annotations), for manual runs. */
export async function fetchLatestObject(
	ctx: IPollFunctions,
	event: SequenceEvent,
): Promise<IDataObject[]> {
	const { items } = await ctaCollect(
		ctx,
		withQs(SEQUENCE_SOURCES[event], { sort: 'modifiedAt:desc' }),
		{ max: 1 },
	);
	return event === 'securityAnnotation' ? await annotateEvents(ctx, items) : items;
}

/**
 * The sequence cursor of "now": the newest object's modifiedAt, then the objects modified since
 * then in sequence order; their endCursor is the baseline. Null when the collection is empty.
 */
export async function fetchSequenceBaseline(
	ctx: IPollFunctions,
	event: SequenceEvent,
): Promise<string | null> {
	const source = SEQUENCE_SOURCES[event];
	const newest = await ctaCollect(ctx, withQs(source, { sort: 'modifiedAt:desc' }), { max: 1 });
	const modifiedAt = Date.parse(String(newest.items[0]?.modifiedAt ?? ''));
	if (!newest.items.length) return null;
	if (!Number.isNaN(modifiedAt)) {
		const recent = await ctaCollect(
			ctx,
			withQs(source, { sort: SEQUENCE_SORT, modifiedAfter: iso(modifiedAt - 1) }),
		);
		if (recent.items.length) return recent.endCursor;
	}
	return (await ctaCollect(ctx, withQs(source, { sort: SEQUENCE_SORT }))).endCursor;
}
