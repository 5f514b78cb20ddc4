import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/descriptions';
import { properties } from './actions/node.description';
import { authenticationProperty, cbcNodeCredentials } from './descriptions/authentication';
import { router } from './actions/router';
import { listSearch } from './methods';

export class CarbonBlackCloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Carbon Black Cloud',
		name: 'carbonBlackCloud',
		icon: {
			light: 'file:../../icons/carbonBlackCloud.svg',
			dark: 'file:../../icons/carbonBlackCloud.dark.svg',
		},
		group: ['transform'],
		// 1.1: Range offers the common ranges (and Custom)
		// 1.2: reads offer Output (Simplified by default, Raw, Selected Fields)
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		subtitle: operationSubtitle(properties),
		description: 'Search, triage and close Carbon Black Cloud alerts (Alerts API v7)',
		defaults: { name: 'Carbon Black Cloud' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: cbcNodeCredentials,
		properties: [authenticationProperty, ...properties],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
