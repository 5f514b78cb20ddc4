import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { HttpFailure, RequestContext, RetryPolicy } from '../../shared/http';
import {
	checkPathSegments,
	expectJsonObject,
	expectJsonObjectOrEmpty,
	failureCause,
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

export const CTA_CREDENTIAL = 'ciscoGlobalThreatAlertsApi';

export type CtaService = 'alert-management' | 'threat-detection' | 'event-detection';

export interface CtaRequest {
	method: IHttpRequestMethods;
	service: CtaService;
	/** Path segments after `/customer/{customerId}/`; each one is percent-encoded. */
	path: Array<string | number>;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	idempotent?: boolean;
	policy?: RetryPolicy;
	/** Message for a 404, e.g. "The alert … no longer exists". */
	notFoundMessage?: string;
	/** Epoch ms after which no attempt is started or waited for (a trigger's poll budget). */
	deadline?: number;
}

/** The client password, the access token and the Basic value the token request sends. */
function ctaSecrets(credentials: IDataObject): string[] {
	const id = String(credentials.clientId ?? '');
	const password = String(credentials.clientPassword ?? '');
	return secretForms([
		password,
		String(credentials.accessToken ?? ''),
		Buffer.from(`${id}:${password}`).toString('base64'),
	]);
}

async function resolveTarget(ctx: RequestContext, itemIndex?: number) {
	const credentials = await ctx.getCredentials(CTA_CREDENTIAL, itemIndex);
	const baseUrl = requireBaseUrl(
		ctx,
		credentials.baseUrl,
		'The API base URL in the Cisco Global Threat Alerts credentials is not usable',
		'Use https://api.cta.eu.amp.cisco.com or another https:// host with no path (plain http is allowed only for localhost).',
		itemIndex,
	);
	const customerId = requireCredentialSegment(
		ctx,
		credentials.customerId,
		'Cisco Global Threat Alerts customer ID',
		'The customer ID in the Cisco Global Threat Alerts credentials is empty',
		'Find it in the Global Threat Alerts UI under the user icon in the main navigation.',
		itemIndex,
	);
	return { baseUrl, customerId };
}

const STATUS_HINTS: Record<number, string> = {
	400: 'Check the fields of this operation.',
	401: 'The access token was refused even after fetching a new one. Check the client ID, client password and token region in the credentials.',
	403: 'Check the customer ID in the credentials, and that the API client has the Global Threat Alerts scope.',
	404: 'It does not exist, or no longer exists: alerts expire 45 days after the last activity of their threat detections.',
	429: 'Cisco is rate limiting this client. The node already waited and retried; poll less often.',
};

function vendorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return textPreview(body) || undefined;
	if (body === null || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const parts = [
		record.error,
		record.code,
		record.message,
		record.error_description,
		record.detail,
	].filter((v): v is string => typeof v === 'string' && v !== '');
	return parts.length ? [...new Set(parts)].join(': ') : undefined;
}

const TOKEN_HINT =
	'Check the client ID, client password and token region (or custom token URL) in the credentials.';

const hostOf = (url: string | undefined) => {
	try {
		return url ? new URL(url).host : undefined;
	} catch {
		return undefined;
	}
};

export function ctaError(
	ctx: RequestContext,
	failure: HttpFailure,
	itemIndex?: number,
	notFoundMessage?: string,
	apiUrl?: string,
): Error {
	// n8n fetches the token (preAuthentication) inside the API call: a failure of any other URL
	// than the API request's is the token endpoint's.
	const tokenFailure =
		(failure.url !== undefined && apiUrl !== undefined && failure.url.split('?')[0] !== apiUrl) ||
		(failure.status === undefined &&
			/token endpoint|access_token|custom token URL/i.test(failure.message));
	if (tokenFailure) {
		const tokenHost = hostOf(failure.url);
		const at = tokenHost ? ` (${tokenHost})` : '';
		if (isRedirect(failure)) {
			const target = failure.url ? redirectTarget(failure, failure.url) : undefined;
			return toNodeApiError(
				ctx,
				failure,
				`Could not get a Cisco access token: the token endpoint${at} answered ${failure.status}, a redirect${target ? ` to ${target}` : ''}, which the node does not follow`,
				'The client ID and password are only ever sent to the token URL of the credentials. Check the token region, or the custom token URL (https://…/iroh/oauth2/token).',
				itemIndex,
			);
		}
		if (failure.status !== undefined) {
			const detail = vendorMessage(failure.body);
			return toNodeApiError(
				ctx,
				failure,
				`Could not get a Cisco access token: the token endpoint answered ${failure.status}${detail ? ` — ${detail}` : ''}`,
				TOKEN_HINT,
				itemIndex,
				failure.status === 400 || failure.status === 401
					? { cause: 'credential-invalid' }
					: failureCause(failure),
			);
		}
		const reason = /token endpoint|access_token|custom token URL/i.test(failure.message)
			? failure.message
			: `the token endpoint${at} could not be reached${failure.code ? ` (${failure.code})` : ''}`;
		return toNodeApiError(
			ctx,
			failure,
			`Could not get a Cisco access token: ${reason}`,
			`${TOKEN_HINT} The token URL comes from the token region, or is the custom token URL.`,
			itemIndex,
		);
	}
	if (isRedirect(failure)) {
		const target = apiUrl ? redirectTarget(failure, apiUrl) : undefined;
		return toNodeApiError(
			ctx,
			failure,
			`Cisco Global Threat Alerts answered ${failure.status}, a redirect${target ? ` to ${target}` : ''}, which the node does not follow`,
			'The access token is only ever sent to the API base URL of the credentials. That URL is probably wrong: use https://api.cta.eu.amp.cisco.com or your API host, with no path.',
			itemIndex,
		);
	}
	if (failure.timedOutMs !== undefined) {
		return toNodeApiError(
			ctx,
			failure,
			failure.timedOutMs > 0
				? `Cisco Global Threat Alerts did not answer within ${formatDuration(failure.timedOutMs)}`
				: 'Cisco Global Threat Alerts did not answer in time',
			'No complete reply arrived in time, and the node stopped waiting. Check the API base URL in the credentials and the network, or try again later. A change (status, note) may have been made anyway: check before running the node again.',
			itemIndex,
		);
	}
	if (failure.cutOff) {
		return toNodeApiError(
			ctx,
			failure,
			'The reply from Cisco Global Threat Alerts was cut off',
			'The connection closed before the whole reply arrived, and retries did not help. A change (status, note) may have been made anyway: check before running the node again.',
			itemIndex,
		);
	}
	if (failure.status === undefined) {
		return toNodeApiError(
			ctx,
			failure,
			`Could not reach Cisco Global Threat Alerts${failure.code ? ` (${failure.code})` : ''}`,
			'The connection failed or was dropped, and retries did not help. Check the API base URL in the credentials and the network.',
			itemIndex,
		);
	}
	const detail = vendorMessage(failure.body);
	if (failure.status === 404 && notFoundMessage) {
		return toNodeApiError(ctx, failure, notFoundMessage, STATUS_HINTS[404], itemIndex);
	}
	let hint =
		STATUS_HINTS[failure.status] ??
		(failure.status >= 500 ? 'Cisco failed to process the request; try again later.' : '');
	if (failure.retryAfterMs !== undefined) {
		hint = `Cisco asked to wait ${formatDuration(failure.retryAfterMs)} (Retry-After) before the next request, longer than the node waits. Run it again later, and poll less often.`;
	} else if (failure.status === 429 && (failure.attempts ?? 1) <= 1) {
		hint = 'Cisco is rate limiting this client; poll less often.';
	}
	return toNodeApiError(
		ctx,
		failure,
		`Cisco Global Threat Alerts answered ${failure.status}${detail ? ` — ${detail}` : ''}`,
		hint,
		itemIndex,
	);
}

/** Read when something fails: the token may have been renewed during the request. */
async function replySecrets(ctx: RequestContext, itemIndex?: number): Promise<string[]> {
	return ctaSecrets(await ctx.getCredentials(CTA_CREDENTIAL, itemIndex));
}

/** The only way operations and triggers talk to Cisco Global Threat Alerts. */
export async function ctaApiRequest(ctx: RequestContext, request: CtaRequest): Promise<unknown> {
	const { baseUrl, customerId } = await resolveTarget(ctx, request.itemIndex);
	const segments = checkPathSegments(ctx, [customerId, ...request.path], request.itemIndex);
	const url = `${baseUrl}/${request.service}/customer/${encodePath(segments)}`;
	return await sendWithRetry(ctx, {
		credentialType: CTA_CREDENTIAL,
		vendor: 'Cisco Global Threat Alerts',
		request: {
			method: request.method,
			url,
			body: request.body,
			qs: request.qs,
			json: true,
			headers: { Accept: 'application/json' },
		},
		idempotent: request.idempotent ?? request.method === 'GET',
		policy: request.policy,
		deadline: request.deadline,
		secrets: async () => await replySecrets(ctx, request.itemIndex),
		mapError: (failure) => ctaError(ctx, failure, request.itemIndex, request.notFoundMessage, url),
	});
}

export async function ctaApiRequestObject(
	ctx: RequestContext,
	request: CtaRequest,
): Promise<IDataObject> {
	const body = await ctaApiRequest(ctx, request);
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	const secrets = await replySecrets(ctx, request.itemIndex);
	return expectJsonObject(ctx, body, 'Cisco Global Threat Alerts', request.itemIndex, secrets);
}

/** For writes that answer the changed object or nothing (204); anything else is an error. */
export async function ctaApiRequestObjectOrEmpty(
	ctx: RequestContext,
	request: CtaRequest,
	fallback: IDataObject,
): Promise<IDataObject> {
	const body = await ctaApiRequest(ctx, request);
	if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	const secrets = await replySecrets(ctx, request.itemIndex);
	return expectJsonObjectOrEmpty(
		ctx,
		body,
		'Cisco Global Threat Alerts',
		fallback,
		request.itemIndex,
		secrets,
	);
}
