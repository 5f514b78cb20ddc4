import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { HttpFailure, RequestContext, RetryPolicy } from '../../shared/http';
import { expectJsonObject, sendWithRetry, textPreview, toNodeApiError } from '../../shared/http';
import { requireBaseUrl, requireCredentialText } from '../../shared/credentials';
import { encodePath } from '../../shared/url';

export const CBC_CREDENTIAL = 'carbonBlackCloudApi';

export type CbcApi = 'alertsV7' | 'appservicesV6' | 'jobsV1';

const API_PREFIX: Record<CbcApi, string> = {
	alertsV7: 'api/alerts/v7/orgs',
	appservicesV6: 'appservices/v6/orgs',
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
}

interface CbcTarget {
	baseUrl: string;
	orgKey: string;
}

async function resolveTarget(ctx: RequestContext, itemIndex?: number): Promise<CbcTarget> {
	const credentials = await ctx.getCredentials(CBC_CREDENTIAL, itemIndex);
	const host =
		credentials.environment === 'custom' ? credentials.customUrl : credentials.environment;
	const baseUrl = requireBaseUrl(
		ctx,
		host,
		'The Carbon Black Cloud URL in the credentials is not usable',
		'Use the console URL with https:// and no path, e.g. https://defense.conferdeploy.net (plain http is allowed only for localhost).',
		itemIndex,
	);
	const orgKey = requireCredentialText(
		ctx,
		credentials.orgKey,
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

export function cbcError(ctx: RequestContext, failure: HttpFailure, itemIndex?: number): Error {
	if (failure.cutOff) {
		return toNodeApiError(
			ctx,
			failure,
			'The reply from Carbon Black Cloud was cut off',
			'The connection closed before the whole reply arrived, and retries did not help. A change (note, workflow) may have been made anyway: check before running the node again.',
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
	const { code, message, extra } = vendorDetail(failure.body);
	const summary = [code, message].filter(Boolean).join(': ');
	const hint =
		STATUS_HINTS[failure.status] ??
		(failure.status >= 500
			? 'Carbon Black Cloud failed to process the request; try again later.'
			: '');
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
	const url = `${baseUrl}/${API_PREFIX[api]}/${encodePath([orgKey, ...request.path])}`;
	return await sendWithRetry(ctx, {
		credentialType: CBC_CREDENTIAL,
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
		mapError: (failure) => cbcError(ctx, failure, request.itemIndex),
	});
}

/** Same as cbcApiRequest, for routes that must answer a JSON object. */
export async function cbcApiRequestObject(
	ctx: RequestContext,
	request: CbcRequest,
): Promise<IDataObject> {
	return expectJsonObject(
		ctx,
		await cbcApiRequest(ctx, request),
		'Carbon Black Cloud',
		request.itemIndex,
	);
}
