import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

const TOKEN_HOSTS: Record<string, string> = {
	us: 'https://visibility.amp.cisco.com/iroh/oauth2/token',
	eu: 'https://visibility.eu.amp.cisco.com/iroh/oauth2/token',
	apjc: 'https://visibility.apjc.amp.cisco.com/iroh/oauth2/token',
};

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** How long the token endpoint may take to answer, in all (a hung endpoint must not hang n8n). */
const TOKEN_TIMEOUT_MS = 15_000;

function tokenUrl(credentials: ICredentialDataDecryptedObject): string {
	const region = String(credentials.region ?? 'eu');
	if (region !== 'custom') return TOKEN_HOSTS[region] ?? TOKEN_HOSTS.eu;
	const raw = String(credentials.customTokenUrl ?? '').trim();
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	const secure =
		url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
	if (!url || !secure) {
		throw new Error(
			'The custom token URL must start with https:// (http is allowed only for localhost)',
		);
	}
	if (/[?#]/.test(raw) || url.username || url.password) {
		throw new Error(
			'The custom token URL must be a plain https:// address, without user name, query (?) or fragment (#)',
		);
	}
	return raw;
}

const REDIRECT_RULES = (message: string) =>
	[301, 302, 303, 307, 308].map((value) => ({ type: 'responseCode' as const, properties: { value, message } }));

export class CiscoGlobalThreatAlertsApi implements ICredentialType {
	name = 'ciscoGlobalThreatAlertsApi';

	displayName = 'Cisco Global Threat Alerts API';

	icon: Icon = {
		light: 'file:../icons/ciscoGlobalThreatAlerts.svg',
		dark: 'file:../icons/ciscoGlobalThreatAlerts.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-threat-alerts/n8n-nodes-threat-alerts#cisco-global-threat-alerts-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Token Region',
			name: 'region',
			type: 'options',
			default: 'eu',
			description: 'Cisco XDR (formerly SecureX) region where the API client was created',
			options: [
				{ name: 'Asia Pacific, Japan and China (APJC)', value: 'apjc' },
				{ name: 'Custom Token URL', value: 'custom' },
				{ name: 'Europe (EU)', value: 'eu' },
				{ name: 'North America (US)', value: 'us' },
			],
		},
		{
			displayName: 'Custom Token URL',
			name: 'customTokenUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://visibility.eu.amp.cisco.com/iroh/oauth2/token',
			description:
				'Full URL of the OAuth2 token endpoint; must use https (http only for localhost)',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. client-1a2b3c4d-…',
			description:
				'Of a Cisco XDR API client (client credentials) with the Global Threat Alerts scope, created in the Token Region above',
		},
		{
			displayName: 'Client Password',
			name: 'clientPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once when the API client is created',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.cta.eu.amp.cisco.com',
			description: 'Global Threat Alerts API host; must use https (http only for localhost)',
		},
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. CTA123456789',
			description: 'Shown in the Global Threat Alerts UI under the user icon',
		},
	];

	// n8n calls this only when the stored token is empty or a request answered 401;
	// the token is then saved (encrypted) and reused by later requests and executions.
	// Redirects are not followed: the client secret goes to the configured token URL only.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const url = tokenUrl(credentials);
		const deadline = AbortSignal.timeout(TOKEN_TIMEOUT_MS);
		let response: { access_token?: string };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url,
				auth: {
					username: String(credentials.clientId ?? ''),
					password: String(credentials.clientPassword ?? ''),
				},
				headers: {
					Accept: 'application/json',
					'Content-Type': 'application/x-www-form-urlencoded',
				},
				body: 'grant_type=client_credentials',
				disableFollowRedirect: true,
				timeout: TOKEN_TIMEOUT_MS,
				abortSignal: deadline,
			})) as { access_token?: string };
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			if (deadline.aborted || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
				throw new Error(
					`The token endpoint ${new URL(url).host} did not answer within ${TOKEN_TIMEOUT_MS / 1000} s`,
				);
			}
			throw error;
		}
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw new Error('The token endpoint answered without an access_token');
		}
		return { accessToken: response.access_token };
	}

	// The vendor answers token_type "bearer" but requires "Bearer" in the header.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	// Fetches a token (preAuthentication) and reads one alert.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ (u => !/[?#]/.test(u) && (/^https:\\/\\/[^\\s/]+/i.test(u) || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(u)) ? u.replace(/\\/+$/, "") : "https://invalid-host.invalid/use-https")(String($credentials.baseUrl).trim()) }}',
			disableFollowRedirect: true,
			url: '=/alert-management/customer/{{ encodeURIComponent(String($credentials.customerId).trim()) }}/alerts',
			qs: { size: 1 },
		},
		// A failed token exchange fails the test with the token endpoint's status: the vendor answers
		// 400 (invalid_client) for a wrong client ID or password. The API itself answers this GET
		// with 401/403/404, never 400.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'The token endpoint refused the client (400, invalid_client). Check the client ID and the client password, and that the region matches your Global Threat Alerts account.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The API refused the access token (401). Check the client ID, the client password and that the region matches your Global Threat Alerts account.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The API client may not read this customer (403). Check the Customer ID, and that the API client has the Global Threat Alerts scope.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No such customer or route (404). Check the Customer ID (Global Threat Alerts UI, under the user icon) and the API base URL: the API host only, no path.',
				},
			},
			...REDIRECT_RULES(
				'The API base URL redirects elsewhere, and the access token is only ever sent to the configured host. Use https://api.cta.eu.amp.cisco.com or your API host, with no path.',
			),
		],
	};
}
