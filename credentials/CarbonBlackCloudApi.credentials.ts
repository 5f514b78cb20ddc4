import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'https://defense.conferdeploy.net',
			description:
				'The Carbon Black Cloud console host of your organization: pick the host you log in to (not the built-in Carbon Black API credential of n8n, which is for the older Carbon Black products)',
			options: [
				{ name: 'Prod 01 (US): dashboard.confer.net', value: 'https://dashboard.confer.net' },
				{ name: 'Prod 02 (US): defense.conferdeploy.net', value: 'https://defense.conferdeploy.net' },
				{ name: 'Prod 05 (US): defense-prod05.conferdeploy.net', value: 'https://defense-prod05.conferdeploy.net' },
				{ name: 'Prod 06 (Europe): defense-eu.conferdeploy.net', value: 'https://defense-eu.conferdeploy.net' },
				{ name: 'Prod NRT (Japan): defense-prodnrt.conferdeploy.net', value: 'https://defense-prodnrt.conferdeploy.net' },
				{ name: 'Prod SYD (Australia and New Zealand): defense-prodsyd.conferdeploy.net', value: 'https://defense-prodsyd.conferdeploy.net' },
				{ name: 'Prod UK: ew2.carbonblackcloud.vmware.com', value: 'https://ew2.carbonblackcloud.vmware.com' },
				{ name: 'AWS GovCloud (US): gprd1usgw1.carbonblack-us-gov.vmware.com', value: 'https://gprd1usgw1.carbonblack-us-gov.vmware.com' },
				{ name: 'Custom URL', value: 'custom' },
			],
		},
		{
			displayName: 'Custom URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://defense.example.com',
			description: 'Base URL of the console; must use https (http is accepted only for localhost)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Org Key',
			name: 'orgKey',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ABCD1234',
			description: 'Shown in the console under Settings > API Access',
		},
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
		request: {
			baseURL:
				'={{ (u => !/[?#]/.test(u) && (/^https:\\/\\/[^\\s/]+/i.test(u) || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(u)) ? u.replace(/\\/+$/, "") : "https://invalid-host.invalid/use-https")($credentials.environment === "custom" ? String($credentials.customUrl).trim() : $credentials.environment) }}',
			url: '=/api/alerts/v7/orgs/{{ encodeURIComponent(String($credentials.orgKey).trim()) }}/alerts/_search',
			method: 'POST',
			body: { rows: 0, time_range: { range: '-1d' } },
			disableFollowRedirect: true,
		},
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
					message: 'Carbon Black Cloud refused the test search (400). Check the Org Key and the Environment.',
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
