import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/node.description';
import { router } from './actions/router';
import { listSearch } from './methods';

export class CiscoGlobalThreatAlerts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cisco Global Threat Alerts',
		name: 'ciscoGlobalThreatAlerts',
		icon: {
			light: 'file:../../icons/ciscoGlobalThreatAlerts.svg',
			dark: 'file:../../icons/ciscoGlobalThreatAlerts.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and triage Cisco Global Threat Alerts: alerts, threat detections, events and flows',
		defaults: { name: 'Cisco Global Threat Alerts' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ciscoGlobalThreatAlertsApi', required: true }],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
