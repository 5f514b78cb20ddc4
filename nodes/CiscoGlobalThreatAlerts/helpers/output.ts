import type { OutputShape } from '../../shared/output';

export const ctaAlertOutput: OutputShape = {
	noun: 'alerts',
	simplified: [
		'id',
		'title',
		'risk',
		'status',
		'threatCategory',
		'triggeredAt',
		'modifiedAt',
		'note',
		'threatDetectionsCount',
		'affectedAssetsCount',
	],
	fields: [
		'affectedAssetsCount',
		'etaFlag',
		'id',
		'modifiedAt',
		'note',
		'risk',
		'status',
		'threatCategory',
		'threatDetectionsCount',
		'title',
		'triggeredAt',
	],
};

export const ctaEventOutput: OutputShape = {
	noun: 'events',
	simplified: [
		'id',
		'title',
		'eventType',
		'timestamp',
		'modifiedAt',
		'asset',
		'remote',
		'protocol',
		'bytesSent',
		'threatDetectionIds',
	],
	fields: [
		'asset',
		'bytesReceived',
		'bytesSent',
		'eventType',
		'firstSeenAt',
		'flowsCount',
		'id',
		'lastSeenAt',
		'modifiedAt',
		'protocol',
		'remote',
		'threatDetectionIds',
		'timestamp',
		'title',
	],
};

export const ctaDetectionOutput: OutputShape = {
	noun: 'threat detections',
	simplified: [
		'id',
		'title',
		'threatCategory',
		'risk',
		'confidence',
		'asset',
		'firstActivityAt',
		'lastActivityAt',
		'eventsCount',
		'alertIds',
	],
	fields: [
		'alertIds',
		'asset',
		'confidence',
		'eventsCount',
		'firstActivityAt',
		'id',
		'lastActivityAt',
		'modifiedAt',
		'risk',
		'threatCategory',
		'title',
	],
};

/** The reads of the Cisco node that offer Output. */
export const CTA_OUTPUTS: Record<string, OutputShape> = {
	'alert:get': ctaAlertOutput,
	'alert:getAll': ctaAlertOutput,
	'alert:getAllByIds': ctaAlertOutput,
	'event:getAll': ctaEventOutput,
	'event:getAllWithThreatDetectionIds': ctaEventOutput,
	'event:search': ctaEventOutput,
	'threatDetection:getAll': ctaDetectionOutput,
	'threatDetection:searchWithAlertIds': ctaDetectionOutput,
};
