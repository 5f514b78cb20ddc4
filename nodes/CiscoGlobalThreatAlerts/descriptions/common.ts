import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** A Cisco alert ID: 64 lowercase hex characters. */
const HEX64 = '[0-9a-f]{64}';
const NOT_HEX_BEFORE = '(?<![0-9a-f])';
const NOT_HEX_AFTER = '(?![0-9a-f])';

/**
 * An alert ID in a URL: 64 lowercase hex characters not touching more hex (so not part of a
 * longer hash); group 1 is the ID. The Cisco doc gives no console URL format, so By URL takes
 * any http(s) link that contains exactly one alert ID.
 */
export const ALERT_URL_ID = `${NOT_HEX_BEFORE}(${HEX64})${NOT_HEX_AFTER}`;

/** http(s), one alert ID, and no second, different one (the same ID twice is fine). */
export const ALERT_URL_VALIDATION =
	`^(?!.*${ALERT_URL_ID}.*${NOT_HEX_BEFORE}(?!\\1)${HEX64}${NOT_HEX_AFTER})` +
	`https?://.*${NOT_HEX_BEFORE}${HEX64}${NOT_HEX_AFTER}.*$`;

export const alertIdLocator: INodeProperties = {
	displayName: 'Alert',
	name: 'alertId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The alert to use: pick it from the newest alerts, or give its ID or a link to it',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAlerts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1404846aee08468007331ad8374ce2d796697dacc70a8f7e0e82d02cfd355057',
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://…/1404846aee08468007331ad8374ce2d796697dacc70a8f7e0e82d02cfd355057',
			extractValue: { type: 'regex', regex: ALERT_URL_ID },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: ALERT_URL_VALIDATION,
						errorMessage:
							'Not an alert URL: it should start with https:// and contain one alert ID (64 hex characters)',
					},
				},
			],
		},
	],
};

export const SEQUENCE_SORT_OPTION: INodePropertyOptions = {
	name: 'Modification Sequence (Stable, for Sync)',
	value: 'modificationSequenceNumber',
	description: 'New and updated objects last; the end cursor can be saved to continue later',
};

export const ALERT_SORTS: INodePropertyOptions[] = [
	{ name: 'Modified (Newest First)', value: 'modifiedAt:desc' },
	{ name: 'Modified (Oldest First)', value: 'modifiedAt:asc' },
	{ name: 'Triggered (Newest First)', value: 'triggeredAt:desc' },
	{ name: 'Triggered (Oldest First)', value: 'triggeredAt:asc' },
];

/** The API's own order: no `sort` is sent. */
export const DEFAULT_ORDER_OPTION: INodePropertyOptions = {
	name: 'API Default Order',
	value: '',
	description: 'No sort parameter: the order the API uses by itself',
};

// The Cisco doc gives only sort=modificationSequenceNumber for threat detections, events and
// flows ("Only selected resources support sort=modificationSequenceNumber"); nothing else is offered.
export const THREAT_DETECTION_SORTS: INodePropertyOptions[] = [
	DEFAULT_ORDER_OPTION,
	SEQUENCE_SORT_OPTION,
];

export const EVENT_SORTS: INodePropertyOptions[] = [DEFAULT_ORDER_OPTION, SEQUENCE_SORT_OPTION];

export const FLOW_SORTS: INodePropertyOptions[] = [DEFAULT_ORDER_OPTION, SEQUENCE_SORT_OPTION];

/** The Options collection of a collection read: cursor, page size and sort. */
export function collectionOptions(
	noun: string,
	sorts: INodePropertyOptions[],
	defaultSort: string,
): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Continue After Cursor',
			name: 'after',
			type: 'string',
			default: '',
			placeholder: 'e.g. 25717281',
			description:
				'The _endCursor of an earlier run with the same sort, to continue where it stopped',
		},
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 1000,
			description: `${noun} per request (at most 1,000)`,
		},
	];
	if (sorts.length) {
		options.push({
			displayName: 'Sort',
			name: 'sort',
			type: 'options',
			default: defaultSort,
			options: sorts,
		});
	}
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

export const modifiedAfterFilter: INodeProperties = {
	displayName: 'Modified After',
	name: 'modifiedAfter',
	type: 'dateTime',
	default: '',
	description: 'Only objects changed after this time',
};

export function idListField(
	name: string,
	displayName: string,
	description: string,
	required: boolean,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required,
		placeholder: 'e.g. 1404846aee…, 9b1c0f2e…',
		description,
	};
}
