import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import {
	ACCESS_TOKEN_PROPERTY,
	CBC_TENANT_PROPERTIES,
	CBC_TEST_REQUEST,
	cbcTestRules,
	CSP_URL_PROBLEM,
	CSP_URL_PROPERTY,
	cspTokenUrl,
	fetchCspToken,
} from './shared/carbonBlackCloud';

/** Carbon Black Cloud orgs managed in VMware Cloud Services Platform: a user's API token. */
export class CarbonBlackCloudCspApiTokenApi implements ICredentialType {
	name = 'carbonBlackCloudCspApiTokenApi';

	displayName = 'Carbon Black Cloud Alerts (CSP API Token) API';

	icon: Icon = {
		light: 'file:../icons/carbonBlackCloud.svg',
		dark: 'file:../icons/carbonBlackCloud.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-threat-alerts/n8n-nodes-threat-alerts#carbon-black-cloud-on-vmware-cloud-services-platform';

	properties: INodeProperties[] = [
		ACCESS_TOKEN_PROPERTY,
		...CBC_TENANT_PROPERTIES,
		CSP_URL_PROPERTY,
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Generated in Cloud Services Platform under your user > My Account > API Tokens, with the Carbon Black Cloud roles the operations need; it acts as that user',
		},
	];

	// n8n calls this when no token is stored or Carbon Black Cloud answered 401 (expired).
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const apiToken = String(credentials.apiToken ?? '').trim();
		const url = cspTokenUrl(credentials, '/csp/gateway/am/api/auth/api-tokens/authorize');
		if (!url) throw new Error(CSP_URL_PROBLEM);
		const result = await fetchCspToken(
			this,
			url,
			{ body: `api_token=${encodeURIComponent(apiToken)}` },
			'API token',
			[apiToken, encodeURIComponent(apiToken)],
		);
		if ('problem' in result) throw new Error(result.problem);
		return result;
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	// Signs in (preAuthentication) and searches alerts once.
	test: ICredentialTestRequest = {
		request: CBC_TEST_REQUEST,
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Carbon Black Cloud refused the API token (401). Check that the token belongs to a user of this org and has Carbon Black Cloud roles.',
				},
			},
			...cbcTestRules('API token'),
		],
	};
}
