import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../harness/dist.mts';

const { describeFailure, isRetryable, retryDelayMs, DEFAULT_RETRY_POLICY } = fromDist('nodes/shared/http.js');

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
});
