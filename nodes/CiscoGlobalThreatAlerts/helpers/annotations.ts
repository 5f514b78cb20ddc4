import type { IDataObject } from 'n8n-workflow';

import { unique } from '../../shared/batch';
import type { RequestContext } from '../../shared/http';
import type { CtaRequest } from '../transport';
import {
	ALERTS_BY_ID,
	ctaFindByIds,
	SEQUENCE_SORT,
	THREAT_DETECTIONS_WITH_ALERT_IDS_BY_ID,
} from '../transport/paginate';

/** Events with the IDs of their threat detections, in stable sequence order. */
export const ENRICHED_EVENTS: CtaRequest = {
	method: 'GET',
	service: 'threat-detection',
	path: ['enriched-events-with-threat-detection-ids'],
	qs: { sort: SEQUENCE_SORT },
};

function idsOf(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * Hands out each object as is the first time and a fresh copy every later time, so no two output
 * items share an object (a later node that edits one item must not change another). The objects
 * are parsed API JSON, so a copy is parsed from the object's JSON, serialised once.
 */
function exclusiveUse(): (value: IDataObject) => IDataObject {
	const used = new Set<IDataObject>();
	const serialised = new Map<IDataObject, string>();
	return (value) => {
		if (!used.has(value)) {
			used.add(value);
			return value;
		}
		let text = serialised.get(value);
		if (text === undefined) {
			text = JSON.stringify(value);
			serialised.set(value, text);
		}
		return JSON.parse(text) as IDataObject;
	};
}

/**
 * One annotation per event: "convicting" with its threat detections and their alerts, or
 * "contextual" when it has no threat detection. Detections or alerts that expired between the
 * reads are left out. A detection or alert shared by several events is copied into each.
 */
export function joinAnnotations(
	events: IDataObject[],
	detections: Map<string, IDataObject>,
	alerts: Map<string, IDataObject>,
): IDataObject[] {
	const own = exclusiveUse();
	return events.map((event) => {
		const detectionIds = idsOf(event.threatDetectionIds);
		const eventDetections = detectionIds
			.map((id) => detections.get(id))
			.filter((d): d is IDataObject => d !== undefined);
		const alertIds = unique(eventDetections.flatMap((d) => idsOf(d.alertIds)));
		const eventAlerts = alertIds
			.map((id) => alerts.get(id))
			.filter((a): a is IDataObject => a !== undefined);
		return {
			annotationType: detectionIds.length ? 'convicting' : 'contextual',
			event: own(event),
			threatDetections: eventDetections.map(own),
			alerts: eventAlerts.map(own),
		};
	});
}

/** The vendor's event → threat detection → alert traversal, with bulk, chunked look-ups. */
export async function annotateEvents(
	ctx: RequestContext,
	events: IDataObject[],
	itemIndex?: number,
): Promise<IDataObject[]> {
	const detectionIds = unique(events.flatMap((event) => idsOf(event.threatDetectionIds)));
	const detections = await ctaFindByIds(
		ctx,
		THREAT_DETECTIONS_WITH_ALERT_IDS_BY_ID,
		detectionIds,
		itemIndex,
	);
	const alertIds = unique([...detections.values()].flatMap((d) => idsOf(d.alertIds)));
	const alerts = await ctaFindByIds(ctx, ALERTS_BY_ID, alertIds, itemIndex);
	return joinAnnotations(events, detections, alerts);
}
