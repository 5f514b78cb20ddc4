import type { INodeProperties } from 'n8n-workflow';

import { beforeVersion, fromVersion } from '../../shared/descriptions';

const THREAT_ID_PLACEHOLDER = 'e.g. 0569620088E6669121E38D9A64DBC24E';

/** `threat_id:<id>` (or `threat_id%3A<id>`) in a console URL; group 1 is the threat ID. */
export const THREAT_URL_ID = 'threat_id(?::|%3[Aa])([0-9A-Za-z-]+)';

/** Node versions 1 and 1.1: Threat ID is plain text. */
const threatIdText: INodeProperties = {
	displayName: 'Threat ID',
	name: 'threatId',
	type: 'string',
	default: '',
	required: true,
	placeholder: THREAT_ID_PLACEHOLDER,
	description: 'The threat_id shared by the alerts of one threat',
	displayOptions: { show: beforeVersion(1.2) },
};

/** Node version 1.2: From List (threats, last alert first), By ID, By URL (console link). */
const threatIdLocator: INodeProperties = {
	displayName: 'Threat',
	name: 'threatId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The threat (the threat_id shared by its alerts): pick it from the threats with the newest alerts, or give its ID or a console URL with threat_id:',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchThreats', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: THREAT_ID_PLACEHOLDER,
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder:
				'e.g. https://defense.conferdeploy.net/alerts?s[c][query_string]=threat_id:0569620088E6669121E38D9A64DBC24E&orgKey=…',
			extractValue: { type: 'regex', regex: THREAT_URL_ID },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `^https?://.*${THREAT_URL_ID}.*`,
						errorMessage:
							'Not a threat URL: it should contain threat_id: followed by the threat ID',
					},
				},
			],
		},
	],
	displayOptions: { show: fromVersion(1.2) },
};

/** The Threat ID parameter of threat, threat note and threat tag operations (one per version range). */
export const threatIdFields: INodeProperties[] = [threatIdText, threatIdLocator];
