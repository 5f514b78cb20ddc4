import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/descriptions';
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
		// 1.1: Alert › Get Many newest first by default, its sort in view
		// 1.2: reads offer Output (Simplified by default, Raw, Selected Fields)
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		subtitle: operationSubtitle(properties),
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
