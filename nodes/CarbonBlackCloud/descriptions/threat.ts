import type { INodeProperties } from 'n8n-workflow';

export const threatIdField: INodeProperties = {
	displayName: 'Threat ID',
	name: 'threatId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 0569620088E6669121E38D9A64DBC24E',
	description: 'The threat_id shared by the alerts of one threat',
};
