import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { HttpFailure, RequestContext, RetryPolicy } from '../../shared/http';
import {
	checkPathSegments,
	expectJsonObject,
	formatDuration,
	isRedirect,
	redirectTarget,
	secretForms,
	sendWithRetry,
	textPreview,
	toNodeApiError,
} from '../../shared/http';
import { requireBaseUrl, requireCredentialSegment } from '../../shared/credentials';
import { encodePath } from '../../shared/url';
import { NodeOperationError } from 'n8n-workflow';

/** The credential type of each sign-in (node parameter Authentication). */
export const CBC_CREDENTIALS = {
	apiKey: 'carbonBlackCloudApi',
	cspOAuthApp: 'carbonBlackCloudCspOAuthApi',
	cspApiToken: 'carbonBlackCloudCspApiTokenApi',
} as const;

/** The credential type the node signs in with; workflows from before Authentication use API Key. */
export function cbcCredentialType(ctx: RequestContext): string {
	const chosen = ctx.getNode().parameters.authentication ?? 'apiKey';
	const type = CBC_CREDENTIALS[chosen as keyof typeof CBC_CREDENTIALS];
	if (typeof chosen !== 'string' || !type) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Authentication must be API Key, CSP OAuth App or CSP API Token',
			{
				description: `Got ${JSON.stringify(chosen).slice(0, 60)}.`,
			},
		);
	}
	return type;
}

/**
 * `appservicesV6` is legacy Alerts v6 (deactivated by the vendor); `devicesV6` is the Platform
 * Devices API, which shares the prefix but was not deactivated.
 */
export type CbcApi = 'alertsV7' | 'appservicesV6' | 'devicesV6' | 'investigateV2' | 'jobsV1';

const API_PREFIX: Record<CbcApi, string> = {
	alertsV7: 'api/alerts/v7/orgs',
	appservicesV6: 'appservices/v6/orgs',
	devicesV6: 'appservices/v6/orgs',
	investigateV2: 'api/investigate/v2/orgs',
	jobsV1: 'jobs/v1/orgs',
};

export interface CbcRequest {
	method: IHttpRequestMethods;
	api?: CbcApi;
	/** Path segments after `/orgs/{org_key}/`; each one is percent-encoded. */
	path: Array<string | number>;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	/** Reads and searches may be retried after a dropped connection; writes may not. */
	idempotent?: boolean;
	policy?: RetryPolicy;
	/** Epoch ms after which no attempt is started or waited for (a job wait's timeout). */
	deadline?: number;
}

interface CbcTarget {
	baseUrl: string;
	orgKey: string;
}

/** Every secret of any sign-in and the header values built from them (for redaction). */
function cbcSecrets(credentials: IDataObject): string[] {
	const secret = String(credentials.apiSecretKey ?? '');
	const token = String(credentials.accessToken ?? '');
	return secretForms([
		secret,
		`${secret}/${String(credentials.apiId ?? '')}`,
		secret.trim(),
		String(credentials.clientSecret ?? ''),
		String(credentials.apiToken ?? ''),
		token,
		token ? `Bearer ${token}` : '',
	]);
}

async function resolveTarget(ctx: RequestContext, itemIndex?: number): Promise<CbcTarget> {
	const credentials = await ctx.getCredentials(cbcCredentialType(ctx), itemIndex);
	const host =
		credentials.environment === 'custom' ? credentials.customUrl : credentials.environment;
	const baseUrl = requireBaseUrl(
		ctx,
		host,
		'The Carbon Black Cloud URL in the credentials is not usable',
		'Use the console URL with https:// and no path, e.g. https://defense.conferdeploy.net (plain http is allowed only for localhost).',
		itemIndex,
	);
	const orgKey = requireCredentialSegment(
		ctx,
		credentials.orgKey,
		'Carbon Black Cloud org key',
		'The org key in the Carbon Black Cloud credentials is empty',
		'Copy it from the console: Settings > API Access.',
		itemIndex,
	);
	return { baseUrl, orgKey };
}

function vendorDetail(body: unknown): { code?: string; message?: string; extra?: string } {
	if (typeof body === 'string') return { message: textPreview(body) || undefined };
	if (body === null || typeof body !== 'object') return {};
	const record = body as Record<string, unknown>;
	const code =
		typeof record.error_code === 'string'
			? record.error_code
			: typeof record.reason === 'string'
				? record.reason
				: undefined;
	const message =
		typeof record.message === 'string'
			? record.message
			: typeof record.error === 'string'
				? record.error
				: undefined;
	const extras: string[] = [];
	if (typeof record.field === 'string') extras.push(`field: ${record.field}`);
	if (record.invalid_value !== undefined)
		extras.push(`invalid value: ${JSON.stringify(record.invalid_value)}`);
	if (Array.isArray(record.known_values))
		extras.push(`known values: ${record.known_values.join(', ')}`);
	if (Array.isArray(record.known_properties))
		extras.push(`known properties: ${record.known_properties.join(', ')}`);
	return { code, message, extra: extras.length ? extras.join('; ') : undefined };
}

const STATUS_HINTS: Record<number, string> = {
	400: 'Check the fields of this operation (query syntax, time range, criteria values).',
	401: 'Check the API ID and API secret key in the credentials, and that the key has not been deleted.',
	403: 'Check the org key, and that the API key access level grants this permission (see the README for the needed access level).',
	404: 'Check the ID; the object may not exist in this org.',
	409: 'The object changed meanwhile; run the node again.',
	429: 'Carbon Black Cloud is rate limiting this key. The node already waited and retried; lower the polling frequency or batch size.',
};

/** The errors our CSP credentials throw from preAuthentication (credentials/shared/carbonBlackCloud.ts). */
const CSP_SIGN_IN_FAILURE = /^(The Cloud Services Platform|Could not reach the Cloud Services Platform)/;

const V6_GONE = 'Alerts API v6 was deactivated by Carbon Black; use the Alert (v7) operations';

/**
 * v6 routes answer 410 Gone, or 404, where Carbon Black switched v6 off. A 404 of a route that
 * names no object (search, facet, suggestions, bulk) means the route is gone; a 404 of an ID
 * lookup is gone only without the vendor's JSON error (else the object does not exist).
 */
function isV6Gone(failure: HttpFailure, path: Array<string | number>): boolean {
	if (failure.status === 410) return true;
	if (failure.status !== 404) return false;
	if (path.some((s) => String(s).startsWith('_') || s === 'search_suggestions')) return true;
	const body = failure.body as IDataObject | undefined;
	return !(body && typeof body === 'object' && (body.error_code || body.message));
}

export function cbcError(
	ctx: RequestContext,
	failure: HttpFailure,
	itemIndex?: number,
	request?: { url: string; api: CbcApi; path: Array<string | number> },
): Error {
	if (isRedirect(failure)) {
		const target = request ? redirectTarget(failure, request.url) : undefined;
		return toNodeApiError(
			ctx,
			failure,
			`Carbon Black Cloud answered ${failure.status}, a redirect${target ? ` to ${target}` : ''}, which the node does not follow`,
			'The API key is only ever sent to the URL in the credentials. That URL is probably wrong: use the console URL of your environment (https://…, no path), e.g. https://defense.conferdeploy.net.',
			itemIndex,
		);
	}
	if (failure.timedOutMs !== undefined) {
		return toNodeApiError(
			ctx,
			failure,
			failure.timedOutMs > 0
				? `Carbon Black Cloud did not answer within ${formatDuration(failure.timedOutMs)}`
				: 'Carbon Black Cloud did not answer in time',
			'No complete reply arrived in time, and the node stopped waiting. Check the host in the credentials and the network, or try again later. A change (note, workflow) may have been made anyway: check before running the node again.',
			itemIndex,
		);
	}
	if (failure.cutOff) {
		return toNodeApiError(
			ctx,
			failure,
			'The reply from Carbon Black Cloud was cut off',
			'The connection closed before the whole reply arrived, and retries did not help. A change (note, workflow) may have been made anyway: check before running the node again.',
			itemIndex,
		);
	}
	// n8n signs in (preAuthentication) inside the API call: a CSP refusal arrives as its message.
	if (failure.status === undefined && CSP_SIGN_IN_FAILURE.test(failure.message)) {
		return toNodeApiError(
			ctx,
			failure,
			failure.message,
			'Carbon Black Cloud was not called: signing in through VMware Cloud Services Platform failed. Check the credential (see the README, Carbon Black Cloud on VMware Cloud Services Platform).',
			itemIndex,
		);
	}
	if (failure.status === undefined) {
		return toNodeApiError(
			ctx,
			failure,
			`Could not reach Carbon Black Cloud${failure.code ? ` (${failure.code})` : ''}`,
			'The connection failed or was dropped, and retries did not help. Check the host in the credentials and the network.',
			itemIndex,
		);
	}
	if (request?.api === 'appservicesV6' && isV6Gone(failure, request.path)) {
		return toNodeApiError(
			ctx,
			failure,
			V6_GONE,
			`The v6 route answered ${failure.status}. Carbon Black deactivated Alerts API v6 on 2024-09-05; the Alert, Alert Note and Job resources use Alerts API v7, which covers the same alerts and workflow changes.`,
			itemIndex,
			{ cause: 'configuration-invalid' },
		);
	}
	const { code, message, extra } = vendorDetail(failure.body);
	const summary = [code, message].filter(Boolean).join(': ');
	let hint =
		STATUS_HINTS[failure.status] ??
		(failure.status >= 500
			? 'Carbon Black Cloud failed to process the request; try again later.'
			: '');
	if (failure.retryAfterMs !== undefined) {
		hint = `Carbon Black Cloud asked to wait ${formatDuration(failure.retryAfterMs)} (Retry-After) before the next request, longer than the node waits. Run it again later, and lower the polling frequency or batch size.`;
	} else if (failure.status === 429 && (failure.attempts ?? 1) <= 1) {
		hint =
			'Carbon Black Cloud is rate limiting this key. Lower the polling frequency or batch size.';
	}
	return toNodeApiError(
		ctx,
		failure,
		`Carbon Black Cloud answered ${failure.status}${summary ? ` — ${summary}` : ''}`,
		[extra, hint].filter(Boolean).join('. '),
		itemIndex,
	);
}

/** The only way operations and triggers talk to Carbon Black Cloud. */
export async function cbcApiRequest(ctx: RequestContext, request: CbcRequest): Promise<unknown> {
	const { baseUrl, orgKey } = await resolveTarget(ctx, request.itemIndex);
	const api = request.api ?? 'alertsV7';
	const segments = checkPathSegments(ctx, [orgKey, ...request.path], request.itemIndex);
	const url = `${baseUrl}/${API_PREFIX[api]}/${encodePath(segments)}`;
	return await sendWithRetry(ctx, {
		credentialType: cbcCredentialType(ctx),
		vendor: 'Carbon Black Cloud',
		request: {
			method: request.method,
			url,
			body: request.body,
			qs: request.qs,
			json: true,
			headers: { Accept: 'application/json' },
		},
		idempotent:
			request.idempotent ??
			(request.method === 'GET' || request.path.some((s) => String(s).startsWith('_'))),
		policy: request.policy,
		deadline: request.deadline,
		secrets: async () =>
			cbcSecrets(await ctx.getCredentials(cbcCredentialType(ctx), request.itemIndex)),
		mapError: (failure) =>
			cbcError(ctx, failure, request.itemIndex, { url, api, path: request.path }),
	});
}

/** Same as cbcApiRequest, for routes that must answer a JSON object. */
export async function cbcApiRequestObject(
	ctx: RequestContext,
	request: CbcRequest,
): Promise<IDataObject> {
	const body = await cbcApiRequest(ctx, request);
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	const secrets = cbcSecrets(await ctx.getCredentials(cbcCredentialType(ctx), request.itemIndex));
	return expectJsonObject(ctx, body, 'Carbon Black Cloud', request.itemIndex, secrets);
}
