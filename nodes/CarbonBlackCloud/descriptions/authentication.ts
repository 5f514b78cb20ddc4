import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** How the node signs in; API Key (X-Auth-Token) is what every workflow before this choice used. */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	default: 'apiKey',
	options: [
		{
			name: 'API Key',
			value: 'apiKey',
			description: 'API ID and API secret key from the console (Settings > API Access)',
		},
		{
			name: 'CSP API Token',
			value: 'cspApiToken',
			description:
				'A user API token of VMware Cloud Services Platform (orgs managed in CSP, e.g. Prod UK, AWS GovCloud)',
		},
		{
			name: 'CSP OAuth App',
			value: 'cspOAuthApp',
			description:
				'An OAuth app of VMware Cloud Services Platform (orgs managed in CSP, e.g. Prod UK, AWS GovCloud)',
		},
	],
};

export const cbcNodeCredentials: INodeCredentialDescription[] = [
	{
		name: 'carbonBlackCloudApi',
		required: true,
		displayOptions: { show: { authentication: ['apiKey'] } },
	},
	{
		name: 'carbonBlackCloudCspOAuthApi',
		required: true,
		displayOptions: { show: { authentication: ['cspOAuthApp'] } },
	},
	{
		name: 'carbonBlackCloudCspApiTokenApi',
		required: true,
		displayOptions: { show: { authentication: ['cspApiToken'] } },
	},
];
