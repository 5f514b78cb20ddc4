import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { HttpFailure, RequestContext, RetryPolicy } from '../../shared/http';
import {
	expectJsonObject,
	expectJsonObjectOrEmpty,
	sendWithRetry,
	textPreview,
	toNodeApiError,
} from '../../shared/http';
import { requireBaseUrl, requireCredentialText } from '../../shared/credentials';
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
	const customerId = requireCredentialText(
		ctx,
		credentials.customerId,
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

export function ctaError(
	ctx: RequestContext,
	failure: HttpFailure,
	itemIndex?: number,
	notFoundMessage?: string,
	apiUrl?: string,
): Error {
	// n8n fetches the token (preAuthentication) inside the API call: a reply to any other URL
	// than the API request's is the token endpoint's.
	if (
		failure.status !== undefined &&
		failure.url !== undefined &&
		apiUrl !== undefined &&
		failure.url.split('?')[0] !== apiUrl
	) {
		const detail = vendorMessage(failure.body);
		return toNodeApiError(
			ctx,
			failure,
			`Could not get a Cisco access token: the token endpoint answered ${failure.status}${detail ? ` — ${detail}` : ''}`,
			TOKEN_HINT,
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
		const tokenProblem = /token|client|access_token|https/i.test(failure.message);
		return toNodeApiError(
			ctx,
			failure,
			tokenProblem
				? `Could not get a Cisco access token: ${failure.message}`
				: `Could not reach Cisco Global Threat Alerts${failure.code ? ` (${failure.code})` : ''}`,
			tokenProblem
				? TOKEN_HINT
				: 'The connection failed or was dropped, and retries did not help. Check the API base URL in the credentials and the network.',
			itemIndex,
		);
	}
	const detail = vendorMessage(failure.body);
	if (failure.status === 404 && notFoundMessage) {
		return toNodeApiError(ctx, failure, notFoundMessage, STATUS_HINTS[404], itemIndex);
	}
	const hint =
		STATUS_HINTS[failure.status] ??
		(failure.status >= 500 ? 'Cisco failed to process the request; try again later.' : '');
	return toNodeApiError(
		ctx,
		failure,
		`Cisco Global Threat Alerts answered ${failure.status}${detail ? ` — ${detail}` : ''}`,
		hint,
		itemIndex,
	);
}

/** The only way operations and triggers talk to Cisco Global Threat Alerts. */
export async function ctaApiRequest(ctx: RequestContext, request: CtaRequest): Promise<unknown> {
	const { baseUrl, customerId } = await resolveTarget(ctx, request.itemIndex);
	const url = `${baseUrl}/${request.service}/customer/${encodePath([customerId, ...request.path])}`;
	return await sendWithRetry(ctx, {
		credentialType: CTA_CREDENTIAL,
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
		mapError: (failure) => ctaError(ctx, failure, request.itemIndex, request.notFoundMessage, url),
	});
}

export async function ctaApiRequestObject(
	ctx: RequestContext,
	request: CtaRequest,
): Promise<IDataObject> {
	return expectJsonObject(
		ctx,
		await ctaApiRequest(ctx, request),
		'Cisco Global Threat Alerts',
		request.itemIndex,
	);
}

/** For writes that answer the changed object or nothing (204); anything else is an error. */
export async function ctaApiRequestObjectOrEmpty(
	ctx: RequestContext,
	request: CtaRequest,
	fallback: IDataObject,
): Promise<IDataObject> {
	return expectJsonObjectOrEmpty(
		ctx,
		await ctaApiRequest(ctx, request),
		'Cisco Global Threat Alerts',
		fallback,
		request.itemIndex,
	);
}
