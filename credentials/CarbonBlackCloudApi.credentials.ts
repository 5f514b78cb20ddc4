import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { CBC_TENANT_PROPERTIES, CBC_TEST_REQUEST } from './shared/carbonBlackCloud';

export class CarbonBlackCloudApi implements ICredentialType {
	name = 'carbonBlackCloudApi';

	displayName = 'Carbon Black Cloud Alerts API';

	icon: Icon = {
		light: 'file:../icons/carbonBlackCloud.svg',
		dark: 'file:../icons/carbonBlackCloud.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-threat-alerts/n8n-nodes-threat-alerts#carbon-black-cloud-api';

	properties: INodeProperties[] = [
		...CBC_TENANT_PROPERTIES,
		{
			displayName: 'API ID',
			name: 'apiId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ABCD123456',
			description:
				'From Settings > API Access > API Keys: a key of access level type Custom (see the README for the permissions each operation needs)',
		},
		{
			displayName: 'API Secret Key',
			name: 'apiSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once when the API key is created; sent as X-Auth-Token with the API ID',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Auth-Token': '={{$credentials.apiSecretKey}}/{{$credentials.apiId}}',
			},
		},
	};

	// Proves the key can read alerts in this org: one search that asks only for the count.
	test: ICredentialTestRequest = {
		request: CBC_TEST_REQUEST,
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Carbon Black Cloud refused the API ID and API secret key (401). Check both, and that the API key has not been deleted.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"The API key may not search alerts in this org (403). Check the Org Key, and that the key's access level grants org.alerts READ.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No such org or route (404). Check the Org Key and the Environment: the host you log in to.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'Carbon Black Cloud refused the test search (400). Check the Org Key and the Environment.',
				},
			},
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message:
						'The Environment or Custom URL redirects elsewhere, and the API key is only ever sent to the configured host. Use the host you log in to, with no path.',
				},
			})),
		],
	};
}
