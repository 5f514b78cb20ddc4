import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

export type RequestContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IHookFunctions;

export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the error is raised instead. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 5,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 120_000,
};

/** What we could learn about a failed HTTP exchange, without any request headers. */
export interface HttpFailure {
	status?: number;
	headers: Record<string, string>;
	body: unknown;
	code?: string;
	message: string;
	/** The URL of the request that failed (e.g. the token endpoint rather than the API). */
	url?: string;
	/** The reply started but the connection closed before all of it arrived. */
	cutOff?: boolean;
}

const CONNECTION_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object'
		? (value as Record<string, unknown>)
		: undefined;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	const record = asRecord(headers);
	if (!record) return out;
	for (const [key, value] of Object.entries(record)) {
		if (typeof value === 'string' || typeof value === 'number')
			out[key.toLowerCase()] = String(value);
	}
	return out;
}

function parseBody(data: unknown): unknown {
	if (typeof data === 'string') {
		try {
			return JSON.parse(data);
		} catch {
			return data;
		}
	}
	return data;
}

/** Digs the response status, headers, body and socket error code out of whatever n8n threw. */
export function describeFailure(error: unknown): HttpFailure {
	const seen = new Set<unknown>();
	let current: unknown = error;
	let status: number | undefined;
	let headers: Record<string, string> = {};
	let body: unknown;
	let code: string | undefined;
	let url: string | undefined;
	while (asRecord(current) && !seen.has(current)) {
		seen.add(current);
		const record = asRecord(current)!;
		const response = asRecord(record.response);
		if (response && status === undefined && typeof response.status === 'number') {
			status = response.status;
			headers = lowerCaseHeaders(response.headers);
			body = parseBody(response.data ?? response.body);
		}
		const config = asRecord(record.config);
		if (url === undefined && typeof config?.url === 'string') url = config.url;
		if (
			code === undefined &&
			typeof record.code === 'string' &&
			CONNECTION_CODES.has(record.code)
		) {
			code = record.code;
		}
		current = record.cause ?? record.reason;
	}
	const top = asRecord(error);
	// n8n 1.x (n8n-workflow 1.x) loses the `cause` of the NodeApiError its
	// httpRequestWithAuthentication throws: only httpCode, messages and (for a JSON object
	// reply) context.data remain. Response headers and the request URL are gone there.
	const noResponse = status === undefined;
	if (noResponse && top && typeof top.httpCode === 'string' && /^\d{3}$/.test(top.httpCode)) {
		status = Number(top.httpCode);
		if (body === undefined) body = asRecord(asRecord(top.context)?.data);
	}
	const message =
		error instanceof Error ? error.message : typeof error === 'string' ? error : 'Request failed';
	const texts = [
		message,
		...(Array.isArray(top?.messages) ? top.messages : []).filter(
			(m): m is string => typeof m === 'string',
		),
	];
	if (code === undefined && status === undefined) {
		for (const text of texts) {
			const named = /\b([A-Z_]+)\b/g;
			for (let m = named.exec(text); m; m = named.exec(text)) {
				if (CONNECTION_CODES.has(m[1])) {
					code = m[1];
					break;
				}
			}
			if (code === undefined && /socket hang up|ECONNRESET|aborted/i.test(text))
				code = 'ECONNRESET';
			if (code !== undefined) break;
		}
	}
	// A success status that still ends in an error: the body stopped mid-way (connection closed).
	if (status !== undefined && status >= 200 && status < 300) {
		return {
			status: undefined,
			headers,
			body: undefined,
			code: code ?? 'ECONNRESET',
			message,
			url,
			cutOff: true,
		};
	}
	return { status, headers, body, code, message, url };
}

/** A short readable preview of a non-JSON body: an HTML page's title or its text, on one line. */
export function textPreview(text: string, max = 200): string {
	let out = text;
	if (/<\/?(html|head|body|title|div|p|h1)\b/i.test(text)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
		out =
			title || text.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
	}
	out = out.replace(/\s+/g, ' ').trim();
	return out.length > max ? `${out.slice(0, max)}…` : out;
}

export function isRetryable(failure: HttpFailure, idempotent: boolean): boolean {
	if (failure.status === 429 || failure.status === 503) return true;
	if (!idempotent) return failure.status === undefined && failure.code === 'ECONNREFUSED';
	if (failure.status === 502 || failure.status === 504) return true;
	return failure.status === undefined && failure.code !== undefined;
}

/** Milliseconds to wait before the next attempt (Retry-After wins when present). */
export function retryDelayMs(failure: HttpFailure, attempt: number, policy: RetryPolicy): number {
	const retryAfter = failure.headers['retry-after'];
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
	}
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

export interface SendOptions {
	credentialType: string;
	request: IHttpRequestOptions;
	idempotent: boolean;
	policy?: RetryPolicy;
	/** Turns a final failure into the error the user sees. */
	mapError: (failure: HttpFailure) => Error;
}

/** One HTTP exchange through n8n's authenticated helper, with bounded retries. */
export async function sendWithRetry(ctx: RequestContext, options: SendOptions): Promise<unknown> {
	const policy = options.policy ?? DEFAULT_RETRY_POLICY;
	for (let attempt = 0; ; attempt++) {
		try {
			return await ctx.helpers.httpRequestWithAuthentication.call(ctx, options.credentialType, {
				...options.request,
			});
		} catch (error) {
			const failure = describeFailure(error);
			if (attempt < policy.maxRetries && isRetryable(failure, options.idempotent)) {
				const delay = retryDelayMs(failure, attempt, policy);
				if (delay <= policy.maxRetryAfterMs) {
					await sleep(delay);
					continue;
				}
			}
			throw options.mapError(failure);
		}
	}
}

/** Parses a reply that must be a JSON object; a proxy's HTML page or a cut-off body is an error. */
export function expectJsonObject(
	ctx: RequestContext,
	body: unknown,
	what: string,
	itemIndex?: number,
): IDataObject {
	const parsed = parseBody(body);
	if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
		return parsed as IDataObject;
	}
	const preview = typeof parsed === 'string' ? textPreview(parsed, 120) : JSON.stringify(parsed);
	throw new NodeOperationError(ctx.getNode(), `${what} did not answer with JSON`, {
		itemIndex,
		description: `The reply started with: ${preview || '(empty)'}. Check the host in the credentials; a proxy or a cut-off connection can cause this.`,
	});
}

/** A write's reply: empty (e.g. 204) gives the fallback, a JSON object is returned, anything else is an error. */
export function expectJsonObjectOrEmpty(
	ctx: RequestContext,
	body: unknown,
	what: string,
	fallback: IDataObject,
	itemIndex?: number,
): IDataObject {
	if (body === undefined || body === null || (typeof body === 'string' && body.trim() === '')) {
		return fallback;
	}
	return expectJsonObject(ctx, body, what, itemIndex);
}

/** The list under `key` of a collection reply; a reply without it is an error, not an empty list. */
export function expectList(
	ctx: RequestContext,
	page: IDataObject,
	key: string,
	what: string,
	itemIndex?: number,
): IDataObject[] {
	const list = page[key];
	if (Array.isArray(list)) return list as IDataObject[];
	throw new NodeOperationError(
		ctx.getNode(),
		`${what} answered without ${/^[aeiou]/.test(key) ? 'an' : 'a'} ${key} list`,
		{
			itemIndex,
			description: `The reply had no "${key}" array (keys: ${Object.keys(page).slice(0, 10).join(', ') || 'none'}). Check the host in the credentials; a proxy can cause this.`,
		},
	);
}

/** The vendor's JSON error body of a failure that `toNodeApiError` built for this HTTP status. */
export function vendorErrorBody(error: unknown, status: number): IDataObject | undefined {
	if (!(error instanceof NodeApiError) || error.httpCode !== String(status)) return undefined;
	return asRecord(asRecord(error.errorResponse)?.body) as IDataObject | undefined;
}

/** Builds the user-facing NodeApiError from a failure, never including request headers. */
export function toNodeApiError(
	ctx: RequestContext,
	failure: HttpFailure,
	message: string,
	description: string,
	itemIndex?: number,
): NodeApiError {
	const errorResponse: JsonObject = {
		message,
		httpCode: failure.status === undefined ? null : String(failure.status),
	};
	const body = asRecord(failure.body);
	if (body) errorResponse.body = body as JsonObject;
	else if (typeof failure.body === 'string') errorResponse.body = failure.body.slice(0, 2000);
	if (failure.code) errorResponse.code = failure.code;
	const error = new NodeApiError(ctx.getNode(), errorResponse, {
		message,
		description,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex,
	});
	// NodeApiError swaps a message that mentions a socket code (ECONNRESET, …) for a generic
	// one without the vendor's name; keep ours.
	error.message = message;
	return error;
}
