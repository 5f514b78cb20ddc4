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

import { parseJsonBytes, scannedNesting } from './json';
import { isDotSegment } from './url';

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
	/** Total time one attempt may take, from sending to the last byte of the reply. */
	attemptTimeoutMs: number;
	/** Attempts that ran out of time are retried at most this often (a hung host stays hung). */
	maxTimeoutRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 5,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 120_000,
	attemptTimeoutMs: 60_000,
	maxTimeoutRetries: 1,
};

/** Replies nested deeper than this are refused: real vendor replies stay far below it. */
export const MAX_REPLY_DEPTH = 64;

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
	/** No complete reply arrived within this many milliseconds. */
	timedOutMs?: number;
	/** The vendor asked to wait this long (Retry-After), longer than the node waits. */
	retryAfterMs?: number;
	/** Requests sent, retries included. */
	attempts?: number;
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
	const retryAfter = retryAfterMs(failure.headers['retry-after']);
	if (retryAfter !== undefined) return retryAfter;
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

// IMF-fixdate, RFC 850 and asctime, the three HTTP-date forms (RFC 9110, 5.6.7).
const HTTP_DATE =
	/^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** Retry-After as milliseconds: decimal seconds or an HTTP date; anything else is ignored. */
export function retryAfterMs(value: string | undefined): number | undefined {
	const text = value?.trim() ?? '';
	if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
	if (HTTP_DATE.test(text)) {
		const date = Date.parse(text);
		if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
	}
	return undefined;
}

/** "45 s", "2 min", "1 h 30 min": a wait as people read it. */
export function formatDuration(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 120) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 120) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** Where a 3xx reply pointed: the host (or, on the same host, the path) of its Location. */
export function redirectTarget(failure: HttpFailure, requestUrl: string): string | undefined {
	const location = failure.headers.location;
	if (!location) return undefined;
	try {
		const target = new URL(location, requestUrl);
		const from = new URL(requestUrl);
		return target.host === from.host && target.protocol === from.protocol
			? `${target.pathname} on the same host`
			: target.host || target.protocol;
	} catch {
		return textPreview(location, 80);
	}
}

export function isRedirect(failure: HttpFailure): boolean {
	return failure.status !== undefined && failure.status >= 300 && failure.status < 400;
}

export interface SendOptions {
	credentialType: string;
	request: IHttpRequestOptions;
	idempotent: boolean;
	policy?: RetryPolicy;
	/** The vendor's name in messages, e.g. "Carbon Black Cloud". */
	vendor: string;
	/** Epoch ms after which no attempt is started or waited for (e.g. a job wait's timeout). */
	deadline?: number;
	/** Credential values to remove from anything a failure carries (read when it fails). */
	secrets: () => Promise<string[]>;
	/** Turns a final failure (already redacted) into the error the user sees. */
	mapError: (failure: HttpFailure) => Error;
}

/** The execution's own cancel signal, where the context has one (manual and production runs). */
function cancelSignalOf(ctx: RequestContext): AbortSignal | undefined {
	if (!('getExecutionCancelSignal' in ctx)) return undefined;
	return (ctx as IExecuteFunctions).getExecutionCancelSignal?.();
}

/** A reply body as n8n's helper hands it over with `encoding: 'stream'` (Node's Readable). */
interface BodyStream extends AsyncIterable<unknown> {
	setEncoding(encoding: string): unknown;
	destroy(error?: Error): unknown;
}

function isBodyStream(value: unknown): value is BodyStream {
	const record = asRecord(value);
	return (
		record !== undefined &&
		typeof record.setEncoding === 'function' &&
		typeof record.destroy === 'function' &&
		typeof (record as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
	);
}

/** An error body longer than this is cut (an error page; the vendor's JSON errors are small). */
const MAX_ERROR_BODY_BYTES = 1_000_000;

/** The first scratch buffer of a reply of unknown length; it doubles as needed. */
const FIRST_SCRATCH_BYTES = 1 << 20;
const MAX_FIRST_SCRATCH_BYTES = 64 << 20;

/**
 * Scratch buffers of finished replies, for the next reply. Held weakly: V8 frees them at its next
 * full collection, so an idle n8n keeps none.
 */
const spareScratch: Array<WeakRef<Buffer>> = [];
const MAX_SPARE_SCRATCH = 4;

function takeScratch(bytes: number): Buffer {
	while (spareScratch.length > 0) {
		const spare = spareScratch.pop()!.deref();
		if (spare && spare.length >= bytes) return spare;
	}
	return Buffer.allocUnsafe(bytes);
}

function announcedBytes(stream: BodyStream): number {
	const headers = asRecord((stream as unknown as Record<string, unknown>).headers);
	const announced = Number(headers?.['content-encoding'] === undefined ? headers?.['content-length'] : NaN);
	return Number.isSafeInteger(announced) && announced > 0 ? Math.min(announced, MAX_FIRST_SCRATCH_BYTES) : FIRST_SCRATCH_BYTES;
}

/**
 * Reads a reply while it arrives, up to `max` bytes (then the rest is dropped): its JSON, or its
 * UTF-8 text when it is not JSON.
 * Each network chunk is copied into a scratch buffer that the next reply reuses, so chunks die
 * young and a large read does not keep allocating memory outside the JavaScript heap: buffering
 * each 30 MB reply anew, as the helper does by default, makes V8 collect the whole heap for every
 * 64 MB of it, and in a large read that heap holds every alert read so far. Strings per chunk
 * would instead double the garbage in the heap; parseJsonBytes keeps it young.
 */
async function readReply(stream: BodyStream, signal: AbortSignal, max = Number.POSITIVE_INFINITY): Promise<unknown> {
	const stop = () => stream.destroy(new Error('The reply took too long'));
	if (signal.aborted) stop();
	signal.addEventListener('abort', stop, { once: true });
	let scratch = takeScratch(Math.min(announcedBytes(stream), max));
	let length = 0;
	try {
		for await (const part of stream) {
			const chunk = typeof part === 'string' ? Buffer.from(part) : (part as Uint8Array);
			const take = Math.min(chunk.length, max - length);
			if (length + take > scratch.length) {
				const larger = Buffer.allocUnsafe(Math.min(Math.max(scratch.length * 2, length + take), max));
				larger.set(scratch.subarray(0, length), 0);
				scratch = larger;
			}
			scratch.set(take === chunk.length ? chunk : chunk.subarray(0, take), length);
			length += take;
			if (length >= max) {
				stream.destroy();
				break;
			}
		}
		// As n8n's helper (axios) does: a UTF-8 byte order mark is not part of the JSON.
		const bom = length >= 3 && scratch[0] === 0xef && scratch[1] === 0xbb && scratch[2] === 0xbf ? 3 : 0;
		const bytes = scratch.subarray(bom, length);
		// JSON when the reply is JSON, the text otherwise (as n8n's helper answers by default).
		try {
			return parseJsonBytes(bytes);
		} catch {
			return bytes.toString('utf8');
		}
	} finally {
		signal.removeEventListener('abort', stop);
		if (spareScratch.length < MAX_SPARE_SCRATCH) spareScratch.push(new WeakRef(scratch));
	}
}

/**
 * Replaces the body stream of a failed exchange (wherever n8n's error keeps it) with its text or
 * JSON, read within the attempt's time limit and size bound; a body that cannot be read is dropped.
 */
async function readFailureBody(error: unknown, signal: AbortSignal): Promise<void> {
	const holders: Array<{ record: Record<string, unknown>; key: string }> = [];
	const seen = new Set<unknown>();
	for (let current: unknown = error; asRecord(current) && !seen.has(current); ) {
		seen.add(current);
		const record = asRecord(current)!;
		for (const [owner, key] of [
			[asRecord(record.response), 'data'],
			[asRecord(record.response), 'body'],
			[asRecord(record.context), 'data'],
		] as const) {
			if (owner && isBodyStream(owner[key])) holders.push({ record: owner, key });
		}
		current = record.cause ?? record.reason;
	}
	if (!holders.length) return;
	const stream = holders[0].record[holders[0].key] as BodyStream;
	let body: unknown;
	try {
		body = await readReply(stream, signal, MAX_ERROR_BODY_BYTES);
	} catch {
		body = undefined;
	}
	for (const { record, key } of holders) {
		if (record[key] !== stream) continue;
		// n8n-workflow 1.x keeps an object reply (only) as `context.data`.
		if (key === 'data' && record === asRecord(asRecord(error)?.context) && !asRecord(body)) delete record[key];
		else record[key] = body;
	}
}

/** The error of a success reply whose body stopped mid-way: describeFailure reads it as cut off. */
function cutOffError(cause: unknown, url: string | undefined): Error {
	return Object.assign(new Error('The connection closed before the whole reply arrived'), {
		code: 'ECONNRESET',
		response: { status: 200, headers: {} },
		config: { url },
		cause,
	});
}

/**
 * One attempt with a total time limit, from sending to the last byte of the reply. n8n's helper
 * replaces `abortSignal` with the execution's cancel signal, read from its `this`: it gets a
 * `this` whose signal also fires at the limit. The reply is read as a stream (see readReply).
 */
async function attempt(
	ctx: RequestContext,
	options: SendOptions,
	limitMs: number,
): Promise<{ body?: unknown; error?: unknown; timedOut: boolean; cancelled: boolean }> {
	const controller = new AbortController();
	const timer = AbortSignal.timeout(Math.max(1, limitMs));
	const cancel = cancelSignalOf(ctx);
	const abort = () => controller.abort();
	timer.addEventListener('abort', abort, { once: true });
	cancel?.addEventListener('abort', abort, { once: true });
	if (cancel?.aborted) controller.abort();
	const self = cancel
		? Object.create(ctx, { getExecutionCancelSignal: { value: () => controller.signal } })
		: ctx;
	const ended = () => ({ timedOut: timer.aborted, cancelled: cancel?.aborted === true });
	try {
		let reply: unknown;
		try {
			reply = await ctx.helpers.httpRequestWithAuthentication.call(self, options.credentialType, {
				...options.request,
				disableFollowRedirect: true,
				timeout: Math.max(1, limitMs),
				abortSignal: controller.signal,
				encoding: 'stream',
			});
		} catch (error) {
			await readFailureBody(error, controller.signal);
			return { error, ...ended() };
		}
		if (!isBodyStream(reply)) return { body: reply, timedOut: false, cancelled: false };
		try {
			return { body: await readReply(reply, controller.signal), timedOut: false, cancelled: false };
		} catch (error) {
			return { error: cutOffError(error, options.request.url), ...ended() };
		}
	} finally {
		timer.removeEventListener('abort', abort);
		cancel?.removeEventListener('abort', abort);
	}
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

/**
 * One HTTP exchange through n8n's authenticated helper: bounded retries, a total time limit per
 * attempt and overall (the deadline), no redirects followed (credentials stay on the configured
 * host), secrets redacted from failures, replies nested absurdly deep refused.
 */
export async function sendWithRetry(ctx: RequestContext, options: SendOptions): Promise<unknown> {
	const policy = options.policy ?? DEFAULT_RETRY_POLICY;
	const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
	let timeouts = 0;
	for (let attempts = 1; ; attempts++) {
		const limitMs = Math.min(policy.attemptTimeoutMs, deadline - Date.now());
		const fail = async (failure: HttpFailure): Promise<never> => {
			failure.attempts = attempts;
			throw options.mapError(redactFailure(failure, await options.secrets()));
		};
		if (limitMs <= 0) {
			await fail({
				headers: {},
				body: undefined,
				code: 'ETIMEDOUT',
				message: 'deadline reached',
				timedOutMs: 0,
			});
		}
		const outcome = await attempt(ctx, options, limitMs);
		if (outcome.error === undefined) {
			// A split large reply had its nesting measured while it was scanned.
			const nesting = scannedNesting(outcome.body);
			if (nesting === undefined ? isNestedDeeper(outcome.body, MAX_REPLY_DEPTH) : nesting > MAX_REPLY_DEPTH)
				throw tooDeepError(ctx, options.vendor);
			return outcome.body;
		}
		if (outcome.cancelled) throw outcome.error;
		const failure = describeFailure(outcome.error);
		if (
			outcome.timedOut ||
			(failure.status === undefined && TIMEOUT_CODES.has(failure.code ?? ''))
		) {
			failure.code = 'ETIMEDOUT';
			failure.cutOff = false;
			failure.timedOutMs = limitMs;
			if (++timeouts > policy.maxTimeoutRetries) await fail(failure);
		}
		if (attempts > policy.maxRetries || !isRetryable(failure, options.idempotent))
			await fail(failure);
		const delay = retryDelayMs(failure, attempts - 1, policy);
		if (delay > policy.maxRetryAfterMs || Date.now() + delay >= deadline) {
			if (failure.headers['retry-after'] !== undefined) failure.retryAfterMs = delay;
			await fail(failure);
		}
		await sleep(delay);
	}
}

/**
 * Runs a request that a deadline may cut short: undefined when it failed after the deadline had
 * passed (the caller then returns what it has), its error otherwise.
 */
export async function beforeDeadline<T>(
	deadline: number | undefined,
	run: () => Promise<T>,
): Promise<T | undefined> {
	return await run().catch(async (error: unknown) =>
		deadline !== undefined && Date.now() >= deadline ? undefined : await Promise.reject(error),
	);
}

/** Whether a reply has objects or arrays nested more than `max` levels (bounded recursion). */
export function isNestedDeeper(value: unknown, max: number, depth = 0): boolean {
	if (value === null || typeof value !== 'object') return false;
	if (depth >= max) return true;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const v: unknown = value[i];
			if (v !== null && typeof v === 'object' && isNestedDeeper(v, max, depth + 1)) return true;
		}
		return false;
	}
	const record = value as Record<string, unknown>;
	for (const key in record) {
		const v = record[key];
		if (v !== null && typeof v === 'object' && isNestedDeeper(v, max, depth + 1)) return true;
	}
	return false;
}

function tooDeepError(ctx: RequestContext, vendor: string, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`${vendor} answered with JSON nested more than ${MAX_REPLY_DEPTH} levels deep`,
		{
			itemIndex,
			description:
				'No real reply of this API is nested that deep; n8n could not store it. Check the host in the credentials; a proxy or a broken server can cause this.',
		},
	);
}

/** Every value worth hiding, in the forms it can be echoed in (raw, URL-encoded, JSON-escaped). */
export function secretForms(values: unknown[]): string[] {
	const out = new Set<string>();
	for (const value of values) {
		if (typeof value !== 'string' || value.length < 4) continue;
		out.add(value);
		out.add(encodeURIComponent(value));
		out.add(JSON.stringify(value).slice(1, -1));
	}
	// Longest first, so a composed value is replaced whole before its parts.
	return [...out].sort((a, b) => b.length - a.length);
}

const REDACTED = '[redacted]';

/** Replaces every secret in every string of a value (bounded depth; keys are kept). */
export function redactSecrets<T>(value: T, secrets: string[], depth = 0): T {
	if (!secrets.length) return value;
	if (typeof value === 'string') {
		let text: string = value;
		for (const secret of secrets)
			if (text.includes(secret)) text = text.split(secret).join(REDACTED);
		return text as T;
	}
	if (value === null || typeof value !== 'object') return value;
	if (depth > MAX_REPLY_DEPTH) return REDACTED as T;
	if (Array.isArray(value)) return value.map((v) => redactSecrets(v, secrets, depth + 1)) as T;
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
		out[redactSecrets(key, secrets)] = redactSecrets(v, secrets, depth + 1);
	}
	return out as T;
}

function redactFailure(failure: HttpFailure, secrets: string[]): HttpFailure {
	return {
		...failure,
		body: redactSecrets(failure.body, secrets),
		message: redactSecrets(failure.message, secrets),
		headers: redactSecrets(failure.headers, secrets),
	};
}

/**
 * The path segments of a request, refused before anything is sent when one is `.` or `..`
 * (a last line of defence behind the parameter checks: URL parsing would drop or climb them).
 */
export function checkPathSegments(
	ctx: RequestContext,
	segments: Array<string | number>,
	itemIndex?: number,
): Array<string | number> {
	const bad = segments.find(isDotSegment);
	if (bad !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `"${String(bad)}" is not a valid ID`, {
			itemIndex,
			description:
				'"." and ".." would change which address is called. Check the IDs and the credentials.',
		});
	}
	return segments;
}

/** Parses a reply that must be a JSON object; a proxy's HTML page or a cut-off body is an error. */
export function expectJsonObject(
	ctx: RequestContext,
	body: unknown,
	what: string,
	itemIndex?: number,
	secrets: string[] = [],
): IDataObject {
	const parsed = parseBody(body);
	if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
		if (typeof body === 'string' && isNestedDeeper(parsed, MAX_REPLY_DEPTH)) {
			throw tooDeepError(ctx, what, itemIndex);
		}
		return parsed as IDataObject;
	}
	const preview = typeof parsed === 'string' ? textPreview(parsed, 120) : JSON.stringify(parsed);
	throw new NodeOperationError(ctx.getNode(), `${what} did not answer with JSON`, {
		itemIndex,
		description: `The reply started with: ${redactSecrets(preview, secrets) || '(empty)'}. Check the host in the credentials; a proxy or a cut-off connection can cause this.`,
	});
}

/** A write's reply: empty (e.g. 204) gives the fallback, a JSON object is returned, anything else is an error. */
export function expectJsonObjectOrEmpty(
	ctx: RequestContext,
	body: unknown,
	what: string,
	fallback: IDataObject,
	itemIndex?: number,
	secrets: string[] = [],
): IDataObject {
	if (body === undefined || body === null || (typeof body === 'string' && body.trim() === '')) {
		return fallback;
	}
	return expectJsonObject(ctx, body, what, itemIndex, secrets);
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
	declared: DeclaredFailure | undefined = failureCause(failure),
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
	if (declared) Object.assign(error, { failure: declared });
	return error;
}

/** n8n-workflow's `Failure` (2.x), declared here so the package also builds against 1.x. */
export type DeclaredFailure =
	| { cause: 'rate-limited' | 'temporarily-unavailable'; retryAfterMs?: number }
	| { cause: 'credential-invalid' | 'configuration-invalid' };

/**
 * Why a request failed, in the words n8n's poller understands (`error.failure`): it backs a
 * trigger off for the vendor's Retry-After on `rate-limited`, and pauses it on
 * `credential-invalid`. Older n8n versions ignore the property.
 */
export function failureCause(failure: HttpFailure): DeclaredFailure | undefined {
	const wait = failure.retryAfterMs ?? retryAfterMs(failure.headers['retry-after']);
	const withWait = wait !== undefined && wait > 0 ? { retryAfterMs: wait } : {};
	if (failure.status === 429) return { cause: 'rate-limited', ...withWait };
	if (failure.status === 401 || failure.status === 403) return { cause: 'credential-invalid' };
	if (isRedirect(failure)) return { cause: 'configuration-invalid' };
	if (failure.status === undefined || failure.status >= 500) {
		return { cause: 'temporarily-unavailable', ...withWait };
	}
	return undefined;
}
