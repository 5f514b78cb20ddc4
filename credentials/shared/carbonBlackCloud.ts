import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

/** Environment, Custom URL and Org Key: the same in every Carbon Black Cloud credential. */
export const CBC_TENANT_PROPERTIES: INodeProperties[] = [
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
			{
				name: 'Prod 05 (US): defense-prod05.conferdeploy.net',
				value: 'https://defense-prod05.conferdeploy.net',
			},
			{
				name: 'Prod 06 (Europe): defense-eu.conferdeploy.net',
				value: 'https://defense-eu.conferdeploy.net',
			},
			{
				name: 'Prod NRT (Japan): defense-prodnrt.conferdeploy.net',
				value: 'https://defense-prodnrt.conferdeploy.net',
			},
			{
				name: 'Prod SYD (Australia and New Zealand): defense-prodsyd.conferdeploy.net',
				value: 'https://defense-prodsyd.conferdeploy.net',
			},
			{
				name: 'Prod UK: ew2.carbonblackcloud.vmware.com',
				value: 'https://ew2.carbonblackcloud.vmware.com',
			},
			{
				name: 'AWS GovCloud (US): gprd1usgw1.carbonblack-us-gov.vmware.com',
				value: 'https://gprd1usgw1.carbonblack-us-gov.vmware.com',
			},
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
];

/** One alert search that asks only for the count: proves the sign-in can read alerts in the org. */
export const CBC_TEST_REQUEST: ICredentialTestRequest['request'] = {
	baseURL:
		'={{ (u => !/[?#]/.test(u) && (/^https:\\/\\/[^\\s/]+/i.test(u) || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(u)) ? u.replace(/\\/+$/, "") : "https://invalid-host.invalid/use-https")($credentials.environment === "custom" ? String($credentials.customUrl).trim() : $credentials.environment) }}',
	url: '=/api/alerts/v7/orgs/{{ encodeURIComponent(String($credentials.orgKey).trim()) }}/alerts/_search',
	method: 'POST',
	body: { rows: 0, time_range: { range: '-1d' } },
	disableFollowRedirect: true,
};

/** Rules shared by the credential tests: 403, 404 and redirects read the same for every sign-in. */
export function cbcTestRules(signIn: string): IAuthenticateRuleResponseCode[] {
	return [
		{
			type: 'responseCode',
			properties: {
				value: 403,
				message: `The ${signIn} may not search alerts in this org (403). Check the Org Key, and that it grants org.alerts READ.`,
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
		...[301, 302, 303, 307, 308].map((value) => ({
			type: 'responseCode' as const,
			properties: {
				value,
				message: `The Environment or Custom URL redirects elsewhere, and the ${signIn} is only ever sent to the configured host. Use the host you log in to, with no path.`,
			},
		})),
	];
}

/** The default VMware Cloud Services Platform host (the CBC SDK's default CSP URL). */
export const CSP_DEFAULT_URL = 'https://console.cloud.vmware.com';

export const CSP_URL_PROPERTY: INodeProperties = {
	displayName: 'Cloud Services Platform URL',
	name: 'cspUrl',
	type: 'string',
	default: CSP_DEFAULT_URL,
	description:
		'The VMware Cloud Services Platform that signs you in; change it only for a private CSP (https; http only for localhost)',
};

export const ACCESS_TOKEN_PROPERTY: INodeProperties = {
	displayName: 'Access Token',
	name: 'accessToken',
	type: 'hidden',
	typeOptions: { expirable: true, password: true },
	default: '',
};

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** How long the CSP token endpoint may take to answer, in all. */
const TOKEN_TIMEOUT_MS = 15_000;

export const CSP_URL_PROBLEM =
	'The Cloud Services Platform URL must be a plain https:// host such as https://console.cloud.vmware.com (http only for localhost), without a path, query (?) or fragment (#)';

/** `{csp}{path}` for a usable CSP URL (https, or http on loopback; no path, query or user). */
export function cspTokenUrl(
	credentials: ICredentialDataDecryptedObject,
	path: string,
): string | undefined {
	const raw = String(credentials.cspUrl ?? CSP_DEFAULT_URL)
		.trim()
		.replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	const secure =
		url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
	if (!url || !secure || /[?#]/.test(raw) || url.username || url.password || url.pathname !== '/') {
		return undefined;
	}
	return `${url.origin}${path}`;
}

/**
 * Exchanges a CSP OAuth app or API token for an access token (n8n stores it, encrypted, and
 * calls this again only when Carbon Black Cloud answers 401). A refusal names the field to check
 * and what CSP said (`message`); redirects are not followed, so the secret stays on the CSP host.
 * Answers the token, or the problem the credential reports (credentials throw plain errors).
 */
export async function fetchCspToken(
	helper: IHttpRequestHelper,
	url: string,
	request: { body: string; auth?: { username: string; password: string } },
	field: string,
	secrets: string[],
): Promise<{ accessToken: string } | { problem: string }> {
	const deadline = AbortSignal.timeout(TOKEN_TIMEOUT_MS);
	const host = new URL(url).host;
	const redact = (text: string) =>
		secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('[redacted]'), text);
	let response: { statusCode: number; body: unknown };
	try {
		response = (await helper.helpers.httpRequest({
			method: 'POST',
			url,
			auth: request.auth,
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: request.body,
			disableFollowRedirect: true,
			timeout: TOKEN_TIMEOUT_MS,
			abortSignal: deadline,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		if (deadline.aborted || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
			return {
				problem: `The Cloud Services Platform (${host}) did not answer within ${TOKEN_TIMEOUT_MS / 1000} s`,
			};
		}
		const said = redact(String((error as Error)?.message ?? error)).slice(0, 200);
		return {
			problem: `Could not reach the Cloud Services Platform (${host}): ${said}. Check the Cloud Services Platform URL.`,
		};
	}
	let body = response.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body) as unknown;
		} catch {
			// not JSON: reported by its status below
		}
	}
	const reply = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
	if (response.statusCode >= 300 && response.statusCode < 400) {
		return {
			problem: `The Cloud Services Platform (${host}) redirected the sign-in (HTTP ${response.statusCode}); the ${field} is only sent to the configured host. Check the Cloud Services Platform URL.`,
		};
	}
	if (response.statusCode < 200 || response.statusCode > 299) {
		const said = typeof reply.message === 'string' ? `: ${reply.message.slice(0, 300)}` : '';
		return {
			problem: redact(
				`The Cloud Services Platform (${host}) refused the ${field} (HTTP ${response.statusCode}${said}). Check the ${field} of the credential.`,
			),
		};
	}
	if (typeof reply.access_token !== 'string' || reply.access_token === '') {
		return { problem: `The Cloud Services Platform (${host}) answered without an access_token` };
	}
	// The CBC SDK refuses a token reply without scope: such a token carries no CBC roles.
	if (reply.scope === undefined || reply.scope === null || reply.scope === '') {
		return {
			problem: `The Cloud Services Platform (${host}) answered without a scope: the ${field} has no Carbon Black Cloud roles. Give it the Carbon Black Cloud roles it needs (see the README).`,
		};
	}
	return { accessToken: reply.access_token };
}
