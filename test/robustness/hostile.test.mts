// Both nodes against a hostile or broken vendor on loopback (test/harness/hostile.mts): redirects
// to another host, replies that hang or drip, cycling cursors, lying counts, error bodies that
// echo our headers, JSON nested 10,000 levels deep. Every case runs in the real engine and is
// bounded in requests and time.
import assert from 'node:assert/strict';
import { after, before, describe, it as test } from 'node:test';

import { fromDist } from '../harness/dist.mts';
import { cbcCredentials, coreMajor, ctaCredentials, HarnessCredentialsHelper, pollContext, pollOnce, runNode } from '../harness/engine.mts';
import type { HostileServer, Json, Recorded } from '../harness/hostile.mts';
import { answerToken, drip, hang, hostileServer, isTokenRequest, json, nestedJson } from '../harness/hostile.mts';

const CBC_ID = 'HOSTILE-ID-4411';
const CBC_SECRET = 'HOSTILE-SECRET-77aa90bc';
const CTA_CLIENT = 'hostile-client-19';
const CTA_PASSWORD = 'HOSTILE-PASS-3c5d7e';
const CTA_TOKEN = 'HOSTILE-BEARER-0f9e8d7c6b';
const BASIC = Buffer.from(`${CTA_CLIENT}:${CTA_PASSWORD}`).toString('base64');

/** Every case is bounded: a node that loops or hangs fails its test instead of the run. */
const it = (name: string, fn: () => Promise<void>) => test(name, { timeout: 60_000 }, fn);

const cbc = (server: HostileServer, parameters: Json, inputs?: Json[], extra: Json = {}) => {
	const helper = new HarnessCredentialsHelper();
	const credentials = cbcCredentials(helper, server.url, { apiId: CBC_ID, apiSecretKey: CBC_SECRET, ...extra });
	return runNode(helper, { type: 'carbonBlackCloud', parameters, credentials }, inputs);
};

const cta = (server: HostileServer, parameters: Json, extra: Json = {}, tokenServer: HostileServer = server) => {
	const helper = new HarnessCredentialsHelper();
	const credentials = ctaCredentials(helper, server.url, {
		clientId: CTA_CLIENT,
		clientPassword: CTA_PASSWORD,
		customTokenUrl: `${tokenServer.url}/iroh/oauth2/token`,
		...extra,
	});
	return { helper, run: () => runNode(helper, { type: 'ciscoGlobalThreatAlerts', parameters, credentials }) };
};

const cbcSearch = { resource: 'alert', operation: 'search', returnAll: false, limit: 5 };
const ctaGetAll = (extra: Json = {}) => ({ resource: 'alert', operation: 'getAll', returnAll: true, ...extra });

/** Everything an error carries that a user, a log or a saved execution could see. */
function errorText(error: unknown): string {
	const seen = new Set<unknown>();
	const parts: string[] = [];
	const walk = (value: unknown, depth: number) => {
		if (typeof value === 'string') return void parts.push(value);
		if (value === null || typeof value !== 'object' || seen.has(value) || depth > 12) return;
		seen.add(value);
		for (const key of Object.getOwnPropertyNames(value)) {
			try {
				walk((value as Record<string, unknown>)[key], depth + 1);
			} catch {
				// getters that throw
			}
		}
	};
	walk(error, 0);
	try {
		parts.push(JSON.stringify(error));
	} catch {
		// circular
	}
	return parts.join('\n');
}

/**
 * A CBC search through the transport with a 1.5 s attempt limit: it must fail with "did not answer
 * within 2 s" (the limit, rounded). Returns how long it took in all.
 */
async function searchPastTimeLimit(vendor: HostileServer): Promise<number> {
	const { cbcApiRequest } = fromDist('nodes/CarbonBlackCloud/transport/index.js');
	const { DEFAULT_RETRY_POLICY } = fromDist('nodes/shared/http.js');
	const helper = new HarnessCredentialsHelper();
	const credentials = cbcCredentials(helper, vendor.url, { apiId: CBC_ID, apiSecretKey: CBC_SECRET });
	const ctx = pollContext(helper, { type: 'carbonBlackCloudTrigger', parameters: {}, credentials });
	const policy = { ...DEFAULT_RETRY_POLICY, attemptTimeoutMs: 1_500, baseDelayMs: 100 };
	const start = Date.now();
	await assert.rejects(
		() => cbcApiRequest(ctx, { method: 'POST', path: ['alerts', '_search'], body: {}, idempotent: true, policy }),
		(error: any) => {
			assert.equal(error.name, 'NodeApiError');
			assert.match(error.message, /^Carbon Black Cloud did not answer within 2 s$/);
			return true;
		},
	);
	return Date.now() - start;
}

const elapsed = async <T,>(fn: () => Promise<T>) => {
	const start = Date.now();
	const value = await fn();
	return { value, ms: Date.now() - start };
};

describe('Hostile vendor: redirects never carry credentials to another host', () => {
	let vendor: HostileServer;
	let elsewhere: HostileServer;
	before(async () => {
		vendor = await hostileServer();
		elsewhere = await hostileServer((_req, res) => json(res, 200, { results: [{ id: 'from-elsewhere' }], num_found: 1, items: [], access_token: 'x' }));
	});
	after(async () => {
		await vendor.close();
		await elsewhere.close();
	});

	for (const status of [301, 302, 303, 307, 308]) {
		it(`CBC: a ${status} to another host is an error naming that host; the other host gets nothing`, async () => {
			elsewhere.handle((_r, res) => json(res, 200, { results: [{ id: 'from-elsewhere' }], num_found: 1 }));
			vendor.handle((_req, res) => {
				res.writeHead(status, { location: `${elsewhere.url}/api/alerts/v7/orgs/ABCD1234/alerts/_search` });
				res.end();
			});
			const result = await cbc(vendor, cbcSearch);
			assert.equal(elsewhere.requests.length, 0, `the other host was asked: ${JSON.stringify(elsewhere.requests[0]?.headers)}`);
			assert.ok(result.error, 'an error, not data from the other host');
			assert.equal(result.error.name, 'NodeApiError');
			assert.equal(result.items.length, 0);
			assert.match(result.error.message, new RegExp(`redirect`, 'i'));
			if (coreMajor >= 2) assert.match(result.error.message, new RegExp(elsewhere.host.replace(/\./g, '\\.')));
			assert.match(String(result.error.description), /base URL|URL in the credentials/i);
			assert.equal(vendor.requests.length, 1, 'a redirect is not retried');
		});

		it(`Cisco: a ${status} from the API or the token endpoint sends neither Bearer token nor Basic client secret elsewhere`, async () => {
			elsewhere.handle((_r, res) => answerToken(res, CTA_TOKEN));
			// The token endpoint redirects.
			vendor.handle((req, res) => {
				res.writeHead(status, { location: `${elsewhere.url}${req.url}` });
				res.end();
			});
			const tokenRun = await cta(vendor, ctaGetAll()).run();
			assert.equal(elsewhere.requests.length, 0, `token request followed to ${elsewhere.host}`);
			assert.ok(tokenRun.error);
			// n8n 1.x does not tell the node which URL failed (README › Compatibility).
			if (coreMajor >= 2) assert.match(tokenRun.error.message, /access token/);
			assert.match(tokenRun.error.message, /redirect/i);

			// The API redirects after a good token.
			vendor.handle((req, res) => {
				if (isTokenRequest(req)) return answerToken(res, CTA_TOKEN);
				res.writeHead(status, { location: `${elsewhere.url}${req.url}` });
				res.end();
			});
			const apiRun = await cta(vendor, ctaGetAll()).run();
			assert.equal(elsewhere.requests.length, 0, `API request followed to ${elsewhere.host}`);
			assert.ok(apiRun.error);
			assert.equal(apiRun.error.name, 'NodeApiError');
			assert.match(apiRun.error.message, /redirect/i);
			assert.match(String(apiRun.error.description), /base URL/i);
		});
	}

	it('a redirect to the same host is not followed either (the route is wrong)', async () => {
		vendor.handle((req, res) => {
			if (req.path.startsWith('/moved')) return json(res, 200, { results: [] });
			res.writeHead(302, { location: `/moved${req.url}` });
			res.end();
		});
		const result = await cbc(vendor, cbcSearch);
		assert.ok(result.error);
		assert.equal(vendor.requests.length, 1);
		assert.ok(!vendor.requests.some((r) => r.path.startsWith('/moved')));
	});
});

describe('Hostile vendor: every wait and every request has a total deadline', () => {
	let vendor: HostileServer;
	before(async () => {
		vendor = await hostileServer();
	});
	after(async () => vendor.close());

	const jobWait = { resource: 'job', operation: 'waitForCompletion', jobId: '5372752', timeout: 4 };

	it('Job › Wait for Completion with a 4 s timeout ends in about 4 s while the job route never answers', async () => {
		vendor.handle((_req, res) => hang(res));
		const { value: result, ms } = await elapsed(() => cbc(vendor, jobWait));
		assert.ok(result.error);
		assert.match(result.error.message, /did not complete in time|did not answer/);
		assert.ok(ms < 7_000, `took ${ms} ms`);
	});

	it('Job › Wait for Completion with a 4 s timeout ends in about 4 s while the job route drips a byte every 500 ms', async () => {
		vendor.handle((_req, res) => drip(res, 500));
		const { value: result, ms } = await elapsed(() => cbc(vendor, jobWait));
		assert.ok(result.error);
		assert.ok(ms < 7_000, `took ${ms} ms`);
	});

	it('Legacy Get Workflow Status (wait) with a 3 s timeout ends in about 3 s while the route drips', async () => {
		vendor.handle((_req, res) => drip(res, 500));
		const { value: result, ms } = await elapsed(() =>
			cbc(vendor, { resource: 'legacyAlert', operation: 'getWorkflowStatus', requestId: 'abc-123', options: { waitForCompletion: true, timeout: 3 } }),
		);
		assert.ok(result.error);
		assert.ok(ms < 6_000, `took ${ms} ms`);
	});

	it('every request has a total time limit: a reply that drips for ever fails at the limit, retried once at most', async () => {
		vendor.handle((_req, res) => drip(res, 300));
		const ms = await searchPastTimeLimit(vendor);
		assert.equal(vendor.requests.length, 2, 'one retry after a timeout');
		assert.ok(ms < 4_500, `took ${ms} ms`);
	});

	it('a hung Cisco token endpoint fails within the token time limit and names the token URL', async () => {
		vendor.handle((req, res) => (isTokenRequest(req) ? hang(res) : json(res, 200, { items: [], pageInfo: {} })));
		const { value: result, ms } = await elapsed(() => cta(vendor, ctaGetAll()).run());
		assert.ok(result.error);
		assert.match(result.error.message, /access token/);
		assert.match(`${result.error.message} ${result.error.description}`, new RegExp(vendor.host.replace(/\./g, '\\.')));
		assert.ok(ms < 40_000, `took ${ms} ms`);
		assert.ok(vendor.requests.filter(isTokenRequest).length <= 2, `${vendor.requests.length} token requests`);
	});

	it('a Cisco token endpoint that drops the connection says so and names the token URL, not the API base URL', async () => {
		vendor.handle((req, res) => (isTokenRequest(req) ? res.socket?.destroy() : json(res, 200, {})));
		// A write: a dropped connection is not retried there, so the case stays short.
		const result = await cta(vendor, { resource: 'alert', operation: 'setNote', alertId: { __rl: true, mode: 'id', value: 'a-1' }, note: 'x' }).run();
		assert.ok(result.error);
		if (coreMajor < 2) return; // n8n 1.x does not tell the node which URL failed
		assert.match(result.error.message, /access token/);
		assert.doesNotMatch(String(result.error.description), /API base URL/);
		assert.match(String(result.error.description), /token/i);
		if (coreMajor >= 2) assert.match(result.error.message, new RegExp(`token endpoint \\(${vendor.host.replace(/\./g, '\\.')}\\) could not be reached`));
	});
});

describe('Hostile vendor: cursors that cycle', () => {
	let vendor: HostileServer;
	before(async () => {
		vendor = await hostileServer();
	});
	after(async () => vendor.close());

	/** Pages whose endCursor runs through `cycle` for ever, each with one fresh item. */
	const cycling = (cycle: string[]) => {
		let n = 0;
		return (req: Recorded, res: any) => {
			if (isTokenRequest(req)) return answerToken(res, CTA_TOKEN);
			const cursor = cycle[n % cycle.length];
			n++;
			json(res, 200, {
				items: [{ id: `obj-${n}`, modifiedAt: new Date().toISOString(), triggeredAt: new Date().toISOString() }],
				pageInfo: { endCursor: cursor, hasNextPage: true },
			});
		};
	};

	for (const cycle of [['A', 'B'], ['X', 'Y', 'Z']]) {
		it(`Get Many (Return All) stops with an error when cursors cycle ${cycle.join(',')},…`, async () => {
			vendor.handle(cycling(cycle));
			const result = await cta(vendor, ctaGetAll()).run();
			const api = vendor.requests.filter((r) => !isTokenRequest(r));
			assert.ok(result.error, `no error after ${api.length} pages`);
			assert.match(result.error.message, /cursor/i);
			assert.ok(api.length <= cycle.length + 1, `${api.length} pages`);
		});
	}

	it('the threat-detection trigger stops with an error when cursors cycle A,B,A', async () => {
		vendor.handle(cycling(['A', 'B']));
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, vendor.url, { customTokenUrl: `${vendor.url}/iroh/oauth2/token` });
		const staticData: Json = {};
		await assert.rejects(
			() => pollOnce(helper, { type: 'ciscoGlobalThreatAlertsTrigger', parameters: { event: 'threatDetection', options: {} }, credentials }, { staticData }),
			/cursor/i,
		);
		assert.ok(vendor.requests.filter((r) => !isTokenRequest(r)).length <= 10, `${vendor.requests.length} requests`);
	});

	it('Get Many with a Limit needs at most Limit pages even when every page is short and claims more', async () => {
		let n = 0;
		vendor.handle((req, res) => {
			if (isTokenRequest(req)) return answerToken(res, CTA_TOKEN);
			n++;
			json(res, 200, { items: [{ id: `a-${n}` }], pageInfo: { endCursor: `c-${n}`, hasNextPage: true } });
		});
		const result = await cta(vendor, { resource: 'alert', operation: 'getAll', returnAll: false, limit: 3 }).run();
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 3);
		assert.equal(vendor.requests.filter((r) => !isTokenRequest(r)).length, 3);
	});
});

describe('Hostile vendor: error bodies that echo our request never carry the secret', () => {
	let vendor: HostileServer;
	before(async () => {
		vendor = await hostileServer();
	});
	after(async () => vendor.close());

	const echo = (status: number, asText: boolean) => (req: Recorded, res: any) => {
		if (isTokenRequest(req) && status < 500) return answerToken(res, CTA_TOKEN);
		const body = { error_code: 'ECHO', message: `echo ${JSON.stringify(req.headers)}`, headers: req.headers, url: req.url };
		if (asText) {
			const text = `Bad request\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}`;
			res.writeHead(status, { 'content-type': 'text/plain' });
			return res.end(text);
		}
		json(res, status, body);
	};
	const secrets = [CBC_SECRET, `${CBC_SECRET}/${CBC_ID}`, CTA_PASSWORD, CTA_TOKEN, BASIC];

	for (const asText of [false, true]) {
		const kind = asText ? 'text' : 'JSON';
		it(`CBC: a 400 ${kind} body echoing X-Auth-Token is redacted in the error`, async () => {
			vendor.handle(echo(400, asText));
			const result = await cbc(vendor, cbcSearch);
			assert.ok(result.error);
			assert.ok(vendor.requests[0].headers['x-auth-token'], 'the echo server saw the header');
			const text = errorText(result.error);
			for (const secret of secrets) assert.ok(!text.includes(secret), `error contains ${secret}`);
			// n8n 1.x keeps JSON error bodies only (README › Compatibility).
			if (!asText || coreMajor >= 2) assert.match(text, /ECHO|Bad request/, 'the rest of the vendor body is kept');
		});

		it(`Cisco: a 400 ${kind} body echoing the Bearer token is redacted in the error`, async () => {
			vendor.handle(echo(400, asText));
			const result = await cta(vendor, ctaGetAll()).run();
			assert.ok(result.error);
			const text = errorText(result.error);
			for (const secret of secrets) assert.ok(!text.includes(secret), `error contains ${secret}`);
		});

		it(`Cisco: a token endpoint 400 ${kind} body echoing the Basic client secret is redacted`, async () => {
			vendor.handle((req, res) => {
				if (!isTokenRequest(req)) return json(res, 500, {});
				const body = { error: 'invalid_client', error_description: `bad ${req.headers.authorization} for ${CTA_CLIENT}:${CTA_PASSWORD}` };
				if (asText) {
					res.writeHead(400, { 'content-type': 'text/plain' });
					return res.end(body.error_description);
				}
				json(res, 400, body);
			});
			const result = await cta(vendor, ctaGetAll()).run();
			assert.ok(result.error);
			const text = errorText(result.error);
			for (const secret of [CTA_PASSWORD, BASIC]) assert.ok(!text.includes(secret), `error contains ${secret}`);
		});
	}
});

describe('Hostile vendor: odd replies', () => {
	let vendor: HostileServer;
	before(async () => {
		vendor = await hostileServer();
	});
	after(async () => vendor.close());

	it('CBC: a search reply nested 10,000 levels deep is a clear error', async () => {
		vendor.handle((_req, res) => json(res, 200, `{"num_found":1,"results":[${nestedJson(10_000)}]}`));
		const result = await cbc(vendor, cbcSearch);
		assert.ok(result.error, 'an error, not an item n8n cannot save');
		assert.match(result.error.message, /nested/i);
		assert.equal(result.items.length, 0);
	});

	it('CBC: a large search reply (parsed element by element) is refused past 64 levels, and accepted at 64', async () => {
		// 30,000 results of about 300 bytes: over 8 MB, so the reply takes the split parse, whose
		// byte scan measures the nesting. Levels: reply 1, results 2, alert 3, then x.
		const reply = (xLevels: number) => {
			const results = Array.from({ length: 30_000 }, (_, i) => `{"id":"a-${i}","reason":"${'r'.repeat(280)}"${i === 29_999 ? `,"x":${nestedJson(xLevels - 1)}` : ''}}`);
			return `{"num_found":30000,"results":[${results.join(',')}]}`;
		};
		vendor.handle((_req, res) => json(res, 200, reply(62)));
		const deep = await cbc(vendor, cbcSearch);
		assert.ok(deep.error, 'an error at 65 levels');
		assert.match(deep.error.message, /nested more than 64 levels/);
		vendor.handle((_req, res) => json(res, 200, reply(61)));
		const ok = await cbc(vendor, cbcSearch);
		assert.equal(ok.error, undefined, 'accepted at 64 levels');
		assert.ok(ok.items.length > 0);
	});

	it('Cisco: a batched Get reply nested 10,000 levels deep is a clear error, not a stack overflow', async () => {
		vendor.handle((req, res) => {
			if (isTokenRequest(req)) return answerToken(res, CTA_TOKEN);
			json(res, 200, `{"items":[{"id":"a1","x":${nestedJson(10_000)}},{"id":"a2"}],"pageInfo":{"hasNextPage":false}}`);
		});
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, vendor.url, { customTokenUrl: `${vendor.url}/iroh/oauth2/token` });
		const result = await runNode(
			helper,
			{ type: 'ciscoGlobalThreatAlerts', parameters: { resource: 'alert', operation: 'get', alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, credentials },
			[{ id: 'a1' }, { id: 'a2' }],
		);
		assert.ok(result.error);
		assert.match(result.error.message, /nested/i);
		assert.doesNotMatch(result.error.message, /call stack/i);
	});

	it('CBC v6: a num_found lower than the real count does not cut Return All to one page', async () => {
		const total = 2_500;
		vendor.handle((req, res) => {
			const body = JSON.parse(req.body || '{}');
			const start = Number(body.start ?? 0);
			const rows = Number(body.rows ?? 10);
			const results = [];
			for (let i = start; i < Math.min(total, start + rows); i++) results.push({ id: `v6-${i}`, create_time: new Date(0).toISOString() });
			json(res, 200, { results, num_found: 5, num_available: 5 });
		});
		const result = await cbc(vendor, { resource: 'legacyAlert', operation: 'search', returnAll: true, timeRange: 'any' });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, total);
		assert.equal(new Set(result.items.map((i) => i.json.id)).size, total);
	});

	// n8n 1.x does not hand response headers to the node: there the 429 is retried with back-off.
	const onN8n2 = coreMajor >= 2 ? it : (name: string, fn: () => Promise<void>) => test(name, { skip: 'n8n 1.x: no response headers (README › Compatibility)' }, fn);
	onN8n2('a 429 whose Retry-After is longer than the node waits says so instead of "already waited and retried"', async () => {
		vendor.handle((_req, res) => json(res, 429, { error_code: 'TOO_MANY_REQUESTS', message: 'slow down' }, { 'retry-after': '3600' }));
		const { value: result, ms } = await elapsed(() => cbc(vendor, cbcSearch));
		assert.ok(result.error);
		assert.ok(ms < 5_000, `took ${ms} ms`);
		assert.equal(vendor.requests.length, 1);
		assert.doesNotMatch(String(result.error.description), /already waited/);
		assert.match(String(result.error.description), /3600 s|1 h|60 min/);
	});
});

describe('Replies are read as they arrive', () => {
	let vendor: HostileServer;
	before(async () => {
		vendor = await hostileServer();
	});
	after(async () => vendor.close());

	const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
	/** Writes `bytes` a few at a time, with a pause between pieces, so the client gets them apart. */
	const inPieces = async (res: any, bytes: Buffer, size: number) => {
		for (let i = 0; i < bytes.length; i += size) {
			res.write(bytes.subarray(i, i + size));
			await pause(2);
		}
		res.end();
	};
	const alerts = [
		{ id: 'ä-1', reason: 'Ünïcödé 🛡️ 日本語 — ok', backend_timestamp: '2026-12-01T00:00:00.000Z' },
		{ id: 'ä-2', reason: '€'.repeat(40), backend_timestamp: '2026-12-01T00:00:01.000Z' },
	];

	it('a reply in pieces of 3 bytes, with a byte order mark and characters split between pieces, arrives intact', async () => {
		vendor.handle(async (_req, res) => {
			const bytes = Buffer.from(`\uFEFF${JSON.stringify({ results: alerts, num_found: 2 })}`, 'utf8');
			res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
			await inPieces(res, bytes, 3);
		});
		const result = await cbc(vendor, { ...cbcSearch, options: {} });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => [i.json.id, i.json.reason]),
			alerts.map((a) => [a.id, a.reason]),
		);
	});

	it('a short reply after a large one gives exactly its own bytes (the reader reuses its buffer)', async () => {
		const big = JSON.stringify({ results: [{ id: 'big', reason: 'x'.repeat(3_000_000) }], num_found: 1 });
		const small = JSON.stringify({ results: alerts, num_found: 2 });
		for (const [body, announce] of [
			[big, true],
			[small, false],
			[big, false],
			[small, true],
		] as const) {
			vendor.handle(async (_req, res) => {
				const bytes = Buffer.from(body, 'utf8');
				// With Content-Length the reader sizes its buffer from it; without, it grows it.
				res.writeHead(200, { 'content-type': 'application/json', ...(announce ? { 'content-length': bytes.length } : {}) });
				await inPieces(res, bytes, 256 * 1024);
			});
			const result = await cbc(vendor, cbcSearch);
			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(
				result.items.map((i) => [i.json.id, String(i.json.reason).length]),
				JSON.parse(body).results.map((a: { id: string; reason: string }) => [a.id, a.reason.length]),
			);
		}
	});

	it('a gzip-compressed reply in pieces is decompressed and read whole', async () => {
		const { gzipSync } = await import('node:zlib');
		vendor.handle(async (_req, res) => {
			const bytes = gzipSync(Buffer.from(JSON.stringify({ results: alerts, num_found: 2 }), 'utf8'));
			res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
			await inPieces(res, bytes, 7);
		});
		const result = await cbc(vendor, cbcSearch);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => i.json.reason),
			alerts.map((a) => a.reason),
		);
	});

	it('an error reply whose body drips for ever fails at the request time limit (the body is read within it)', async () => {
		vendor.handle((_req, res) => drip(res, 200, 400));
		const ms = await searchPastTimeLimit(vendor);
		assert.equal(vendor.requests.length, 1, 'a 400 is not retried, also when its body ran out of time');
		assert.ok(ms < 4_500, `took ${ms} ms`);
	});

	it('a 5 MB error page is read only in part, and its title still names the problem', async () => {
		const page = `<html><head><title>Gateway blew up</title></head><body>${'x'.repeat(5_000_000)}</body></html>`;
		vendor.handle((_req, res) => {
			res.writeHead(500, { 'content-type': 'text/html' });
			res.end(page);
		});
		const result = await cbc(vendor, cbcSearch);
		assert.ok(result.error);
		assert.equal(result.error.name, 'NodeApiError');
		assert.equal(vendor.requests.length, 1, 'a 500 is not retried');
		if (coreMajor >= 2) assert.match(result.error.message, /^Carbon Black Cloud answered 500 — Gateway blew up$/);
		// what the error keeps of the body is bounded (n8n stores errors with the execution)
		assert.ok(errorText(result.error).length < 200_000, `error text ${errorText(result.error).length} chars`);
	});

	it('after 30 failed replies whose bodies the node reads, the next request still gets a connection and an answer', async () => {
		let n = 0;
		vendor.handle((_req, res) => (++n <= 30 ? json(res, 400, { error_code: 'BAD', message: `bad ${n}` }) : json(res, 200, { results: alerts, num_found: 2 })));
		for (let i = 0; i < 30; i++) {
			const failed = await cbc(vendor, cbcSearch);
			assert.match(String(failed.error?.message), new RegExp(`^Carbon Black Cloud answered 400 — BAD: bad ${i + 1}$`));
		}
		const { value: result, ms } = await elapsed(() => cbc(vendor, cbcSearch));
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 2);
		assert.ok(ms < 5_000, `took ${ms} ms`);
	});
});
