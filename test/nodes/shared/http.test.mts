import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../harness/dist.mts';

const { describeFailure, isRetryable, retryDelayMs, retryAfterMs, redactSecrets, secretForms, isNestedDeeper, formatDuration, redirectTarget, failureCause, DEFAULT_RETRY_POLICY } =
	fromDist('nodes/shared/http.js');

describe('shared › http retry policy', () => {
	it('reads status, headers and body from a wrapped axios-like error', () => {
		const axiosError = Object.assign(new Error('Request failed with status code 429'), {
			response: { status: 429, headers: { 'Retry-After': '3' }, data: '{"error_code":"TOO_MANY"}' },
		});
		const wrapped = Object.assign(new Error('The service is receiving too many requests'), { cause: axiosError, httpCode: '429' });
		const failure = describeFailure(wrapped);
		assert.equal(failure.status, 429);
		assert.equal(failure.headers['retry-after'], '3');
		assert.deepEqual(failure.body, { error_code: 'TOO_MANY' });
	});

	it('reads what n8n 1.x leaves of a failed request: httpCode, a JSON body in context.data, messages', () => {
		// n8n-workflow 1.x's NodeApiError drops its cause (the axios error), keeping these only.
		const apiError = Object.assign(new Error('Your request is invalid or could not be processed by the service'), {
			httpCode: '400',
			context: { data: { error_code: 'INVALID_QUERY', message: 'bad query' } },
			messages: ['Request failed with status code 400'],
		});
		const failure = describeFailure(apiError);
		assert.equal(failure.status, 400);
		assert.deepEqual(failure.body, { error_code: 'INVALID_QUERY', message: 'bad query' });

		const dropped = Object.assign(new Error('The connection to the server was closed unexpectedly, perhaps it is offline.'), {
			httpCode: null,
			context: {},
			messages: ['read ECONNRESET'],
		});
		assert.equal(describeFailure(dropped).status, undefined);
		assert.equal(describeFailure(dropped).code, 'ECONNRESET');
		const refused = Object.assign(new Error('The service refused the connection'), { messages: ['connect ECONNREFUSED 127.0.0.1:9'] });
		assert.equal(describeFailure(refused).code, 'ECONNREFUSED');
	});

	it('recognises dropped connections by their socket error code', () => {
		const failure = describeFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		assert.equal(failure.status, undefined);
		assert.equal(failure.code, 'ECONNRESET');
	});

	const table: Array<[string, { status?: number; code?: string }, boolean, boolean]> = [
		['429', { status: 429 }, true, true],
		['503', { status: 503 }, true, true],
		['502', { status: 502 }, true, false],
		['504', { status: 504 }, true, false],
		['500', { status: 500 }, false, false],
		['400', { status: 400 }, false, false],
		['401', { status: 401 }, false, false],
		['reset', { code: 'ECONNRESET' }, true, false],
		['refused', { code: 'ECONNREFUSED' }, true, true],
	];
	for (const [name, failure, idempotent, write] of table) {
		it(`retries ${name}: reads=${idempotent}, writes=${write}`, () => {
			const f = { headers: {}, body: undefined, message: '', ...failure };
			assert.equal(isRetryable(f, true), idempotent);
			assert.equal(isRetryable(f, false), write);
		});
	}

	it('honours Retry-After seconds and HTTP dates, else backs off exponentially with a cap', () => {
		const base = { status: 429, body: undefined, message: '' };
		assert.equal(retryDelayMs({ ...base, headers: { 'retry-after': '2' } }, 0, DEFAULT_RETRY_POLICY), 2000);
		const date = new Date(Date.now() + 5000).toUTCString();
		const ms = retryDelayMs({ ...base, headers: { 'retry-after': date } }, 0, DEFAULT_RETRY_POLICY);
		assert.ok(ms > 3000 && ms <= 5000, String(ms));
		assert.equal(retryDelayMs({ ...base, headers: {} }, 0, DEFAULT_RETRY_POLICY), 500);
		assert.equal(retryDelayMs({ ...base, headers: {} }, 3, DEFAULT_RETRY_POLICY), 4000);
		assert.equal(retryDelayMs({ ...base, headers: {} }, 20, DEFAULT_RETRY_POLICY), DEFAULT_RETRY_POLICY.maxDelayMs);
	});

	it('reads Retry-After as decimal seconds or an HTTP date only (0x3, 1e3, -5, 3.5 are ignored)', () => {
		assert.equal(retryAfterMs('3'), 3000);
		assert.equal(retryAfterMs(' 120 '), 120_000);
		for (const odd of ['0x3', '1e3', '-5', '3.5', 'soon', '', 'Infinity']) assert.equal(retryAfterMs(odd), undefined, odd);
		const inTen = new Date(Date.now() + 10_000).toUTCString();
		const ms = retryAfterMs(inTen);
		assert.ok(ms > 8_000 && ms <= 10_000, `${inTen} → ${ms}`);
		assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:00 GMT'), 0);
		assert.equal(retryDelayMs({ headers: { 'retry-after': '0x3' } }, 0, DEFAULT_RETRY_POLICY), DEFAULT_RETRY_POLICY.baseDelayMs);
	});

	it('formats waits for people', () => {
		assert.equal(formatDuration(1_500), '2 s');
		assert.equal(formatDuration(3_600_000), '60 min');
		assert.equal(formatDuration(5_400_000 * 2), '3 h');
		assert.equal(formatDuration(7_500_000), '2 h 5 min');
	});

	it('names where a redirect points: the other host, or the path on the same host', () => {
		const failure = (location: string) => ({ status: 302, headers: { location }, body: undefined, message: '' });
		assert.equal(redirectTarget(failure('https://evil.example.net:8443/x'), 'https://defense.conferdeploy.net/api'), 'evil.example.net:8443');
		assert.equal(redirectTarget(failure('/login?next=1'), 'https://defense.conferdeploy.net/api'), '/login on the same host');
		assert.equal(redirectTarget(failure('http://defense.conferdeploy.net/api'), 'https://defense.conferdeploy.net/api'), 'defense.conferdeploy.net');
	});

	it('redacts secrets in every form they can be echoed in, keys and nested values included', () => {
		const secrets = secretForms(['s3cr3t/v@lue', 'abc']);
		assert.ok(!secrets.includes('abc'), 'values shorter than 4 characters are not redacted');
		const out = redactSecrets({ a: 'x s3cr3t/v@lue y', b: ['s3cr3t%2Fv%40lue'], c: { 's3cr3t/v@lue': 1, d: 5 } }, secrets);
		assert.deepEqual(out, { a: 'x [redacted] y', b: ['[redacted]'], c: { '[redacted]': 1, d: 5 } });
		assert.equal(redactSecrets('nothing here', secrets), 'nothing here');
	});

	it('finds replies nested deeper than the limit without overflowing the stack', () => {
		let deep: any = {};
		for (let i = 0; i < 100_000; i++) deep = { a: deep };
		assert.equal(isNestedDeeper(deep, 64), true);
		assert.equal(isNestedDeeper({ results: [{ a: { b: [1, { c: 2 }] } }] }, 64), false);
		let sixtyFour: any = 1;
		for (let i = 0; i < 64; i++) sixtyFour = [sixtyFour];
		assert.equal(isNestedDeeper(sixtyFour, 64), false);
		assert.equal(isNestedDeeper([sixtyFour], 64), true);
	});

	it('declares why a request failed the way n8n 2.x pollers read it (error.failure)', () => {
		const f = (status: number | undefined, headers: Record<string, string> = {}, extra = {}) => failureCause({ status, headers, body: undefined, message: '', ...extra });
		assert.deepEqual(f(429, { 'retry-after': '30' }), { cause: 'rate-limited', retryAfterMs: 30_000 });
		assert.deepEqual(f(429), { cause: 'rate-limited' });
		assert.deepEqual(f(503, { 'retry-after': '5' }), { cause: 'temporarily-unavailable', retryAfterMs: 5_000 });
		assert.deepEqual(f(undefined, {}, { code: 'ECONNRESET' }), { cause: 'temporarily-unavailable' });
		assert.deepEqual(f(401), { cause: 'credential-invalid' });
		assert.deepEqual(f(403), { cause: 'credential-invalid' });
		assert.deepEqual(f(302, { location: 'https://x' }), { cause: 'configuration-invalid' });
		assert.equal(f(400), undefined);
		assert.equal(f(404), undefined);
	});
});
