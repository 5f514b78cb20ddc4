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

/** Carbon Black Cloud orgs managed in VMware Cloud Services Platform: an OAuth app (client credentials). */
export class CarbonBlackCloudCspOAuthApi implements ICredentialType {
	name = 'carbonBlackCloudCspOAuthApi';

	displayName = 'Carbon Black Cloud Alerts (CSP OAuth App) API';

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
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. my-n8n-oauth-app',
			description:
				'Of an OAuth app (server to server) created in Cloud Services Platform under Organization > OAuth Apps, with the Carbon Black Cloud roles the operations need',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once when the OAuth app is created (or its secret regenerated)',
		},
	];

	// n8n calls this when no token is stored or Carbon Black Cloud answered 401 (expired).
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const clientId = String(credentials.clientId ?? '').trim();
		const clientSecret = String(credentials.clientSecret ?? '');
		const url = cspTokenUrl(credentials, '/csp/gateway/am/api/auth/token');
		if (!url) throw new Error(CSP_URL_PROBLEM);
		const result = await fetchCspToken(
			this,
			url,
			{
				body: 'grant_type=client_credentials',
				auth: { username: clientId, password: clientSecret },
			},
			'client ID or client secret',
			[clientSecret, clientSecret.trim()],
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
						'Carbon Black Cloud refused the OAuth app token (401). Check that the OAuth app belongs to this org and has Carbon Black Cloud roles.',
				},
			},
			...cbcTestRules('OAuth app'),
		],
	};
}
