// Carbon Black Cloud sign-in through VMware Cloud Services Platform: token routes, Bearer access
// tokens on CBC routes, /_sandbox/cbc/csp controls, stats, faults, request-log redaction.
// Run: node --import tsx --test test/sandbox/csp.test.mts

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { startSandbox, type RunningSandbox } from '../../sandbox/index.mts';
import {
	CSP_API_TOKEN,
	CSP_API_TOKEN_PATH,
	CSP_API_TOKEN_ROUTE,
	CSP_API_TOKEN_USER,
	CSP_CLIENT_ID,
	CSP_CLIENT_SECRET,
	CSP_TOKEN_LIFETIME_SECONDS,
	CSP_TOKEN_PATH,
	CSP_TOKEN_ROUTE,
} from '../../sandbox/cbc/csp.mts';
import { CBC_DEFAULTS } from '../../sandbox/cbc/index.mts';

type Json = Record<string, any>;
const NOW = '2024-05-01T12:00:00.000Z';
const ORG = CBC_DEFAULTS.orgKey;
const V7 = `/api/alerts/v7/orgs/${ORG}`;
const V6 = `/appservices/v6/orgs/${ORG}`;
const JOBS = `/jobs/v1/orgs/${ORG}/jobs`;
const X_AUTH = `${CBC_DEFAULTS.apiSecret}/${CBC_DEFAULTS.apiId}`;
const FORM = 'application/x-www-form-urlencoded';

let sb: RunningSandbox;

interface Reply {
	status: number;
	json: any;
	text: string;
	headers: Headers;
}

async function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
	const res = await fetch(sb.url + path, { method, headers, body });
	const text = await res.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	return { status: res.status, json, text, headers: res.headers };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** The OAuth app grant as the CBC SDK sends it. */
const oauthToken = (id = CSP_CLIENT_ID, secret = CSP_CLIENT_SECRET, body = 'grant_type=client_credentials', contentType = FORM) =>
	request('POST', CSP_TOKEN_PATH, { authorization: basic(id, secret), 'content-type': contentType, accept: 'application/json' }, body);

/** The API token grant as the CBC SDK sends it. */
const apiTokenGrant = (token = CSP_API_TOKEN) =>
	request('POST', CSP_API_TOKEN_PATH, { 'content-type': FORM, accept: 'application/json' }, new URLSearchParams({ api_token: token }).toString());

async function accessToken(grant: () => Promise<Reply> = () => oauthToken()): Promise<string> {
	const r = await grant();
	assert.equal(r.status, 200, r.text);
	return r.json.access_token;
}

const cbc = (method: string, path: string, bearer: string | null, body?: unknown, extra: Record<string, string> = {}) =>
	request(method, path, { 'content-type': 'application/json', ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...extra }, body === undefined ? undefined : JSON.stringify(body));
const search = (bearer: string | null, org = ORG) => cbc('POST', `/api/alerts/v7/orgs/${org}/alerts/_search`, bearer, { rows: 1, time_range: { range: '-1d' } });
const ctl = (method: string, path: string, body?: unknown) =>
	request(method, `/_sandbox${path}`, { 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));

before(async () => {
	sb = await startSandbox({ port: 0, seed: 42, cbcAlerts: 500, ctaAlerts: 5, now: NOW });
});
after(() => sb.close());
beforeEach(() => sb.reset());

describe('CSP token routes', () => {
	it('OAuth app grant (Basic + grant_type=client_credentials): token reply, works as Bearer on an alert search', async () => {
		const r = await oauthToken();
		assert.equal(r.status, 200, r.text);
		assert.match(r.headers.get('content-type') ?? '', /application\/json/);
		assert.equal(r.headers.get('cache-control'), 'no-store');
		assert.deepEqual(Object.keys(r.json).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
		assert.equal(r.json.token_type, 'bearer');
		assert.equal(r.json.expires_in, CSP_TOKEN_LIFETIME_SECONDS);
		assert.equal(r.json.expires_in, 1800);
		assert.match(r.json.scope, /(^| )_API\.Alerts:org\.Alerts:READ( |$)/);
		assert.match(r.json.scope, /_API\.Alerts:org\.Alerts\.Close:EXECUTE/);
		assert.ok(r.json.access_token.length >= 32);
		assert.notEqual(r.json.access_token, (await oauthToken()).json.access_token, 'tokens are random');
		const s = await search(r.json.access_token);
		assert.equal(s.status, 200, s.text);
		assert.ok(s.json.num_found > 0);
	});

	it('API token grant (api_token=…): works as Bearer; notes made with it are by the token user', async () => {
		const r = await apiTokenGrant();
		assert.equal(r.status, 200, r.text);
		assert.equal(typeof r.json.scope, 'string');
		assert.equal(r.json.expires_in, 1800);
		const bearer = r.json.access_token;
		const s = await search(bearer);
		assert.equal(s.status, 200, s.text);
		const alert = s.json.results[0];
		const note = await cbc('POST', `${V7}/alerts/${alert.id}/notes`, bearer, { note: 'from a CSP API token' });
		assert.equal(note.status, 201, note.text);
		assert.equal(note.json.author, CSP_API_TOKEN_USER);
		// refresh_token= is accepted as the API token's field name too
		const alias = await request('POST', CSP_API_TOKEN_PATH, { 'content-type': FORM }, `refresh_token=${CSP_API_TOKEN}`);
		assert.equal(alias.status, 200, alias.text);
	});

	it('the Bearer token works on v7, v6 and Jobs routes alike', async () => {
		const bearer = await accessToken();
		const alert = (await search(bearer)).json.results[0];
		assert.equal((await cbc('GET', `${V7}/alerts/${alert.id}`, bearer)).status, 200);
		assert.equal((await cbc('POST', `${V7}/grouped_alerts/_search`, bearer, { rows: 1 })).status, 200);
		assert.equal((await cbc('POST', `${V6}/alerts/_search`, bearer, { rows: 1 })).status, 200);
		const wf = await cbc('POST', `${V7}/alerts/workflow`, bearer, { criteria: { id: [alert.id] }, status: 'IN_PROGRESS' });
		assert.equal(wf.status, 200, wf.text);
		await ctl('POST', '/clock', { advanceMs: 5000 });
		const job = await cbc('GET', `${JOBS}/${wf.json.request_id}`, bearer);
		assert.equal(job.status, 200, job.text);
		assert.equal(job.json.status, 'COMPLETED');
		const note = await cbc('POST', `${V7}/alerts/${alert.id}/notes`, bearer, { note: 'by the OAuth app' });
		assert.equal(note.json.author, CSP_CLIENT_ID);
	});

	it('wrong client secret / unknown client / no Basic: 401 invalid_client with a message, secret never echoed', async () => {
		for (const r of [await oauthToken(CSP_CLIENT_ID, 'WRONG-SECRET-VALUE'), await oauthToken('no-such-client', CSP_CLIENT_SECRET)]) {
			assert.equal(r.status, 401, r.text);
			assert.equal(r.json.error, 'invalid_client');
			assert.equal(r.json.statusCode, 401);
			assert.equal(typeof r.json.message, 'string');
			assert.match(r.json.message, /client/i);
			assert.ok(!r.text.includes('WRONG-SECRET-VALUE') && !r.text.includes(CSP_CLIENT_SECRET));
			assert.equal(r.json.access_token, undefined);
		}
		const none = await request('POST', CSP_TOKEN_PATH, { 'content-type': FORM }, 'grant_type=client_credentials');
		assert.equal(none.status, 401);
		assert.match(none.json.message, /Basic/);
		assert.match(none.headers.get('www-authenticate') ?? '', /^Basic/);
	});

	it('malformed requests: 400 with a message (grant_type missing or unsupported, not a form body); 405 for GET', async () => {
		const missing = await oauthToken(CSP_CLIENT_ID, CSP_CLIENT_SECRET, '');
		assert.equal(missing.status, 400, missing.text);
		assert.equal(missing.json.error, 'invalid_request');
		assert.match(missing.json.message, /grant_type/);
		const other = await oauthToken(CSP_CLIENT_ID, CSP_CLIENT_SECRET, 'grant_type=password');
		assert.equal(other.status, 400);
		assert.equal(other.json.error, 'unsupported_grant_type');
		assert.match(other.json.message, /password/);
		const asJson = await oauthToken(CSP_CLIENT_ID, CSP_CLIENT_SECRET, '{"grant_type":"client_credentials"}', 'application/json');
		assert.equal(asJson.status, 400);
		assert.match(asJson.json.message, /x-www-form-urlencoded/);
		const noToken = await request('POST', CSP_API_TOKEN_PATH, { 'content-type': FORM }, 'api_token=');
		assert.equal(noToken.status, 400);
		assert.match(noToken.json.message, /api_token/);
		const get = await request('GET', CSP_TOKEN_PATH, {});
		assert.equal(get.status, 405);
		assert.equal(typeof get.json.message, 'string');
	});

	it('unknown API token: 400 invalid_grant with a message', async () => {
		const r = await apiTokenGrant('not-a-real-api-token');
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error, 'invalid_grant');
		assert.match(r.json.message, /invalid/i);
		assert.ok(!r.text.includes('not-a-real-api-token'));
	});
});

describe('CSP controls', () => {
	it('revoked API token is refused with a message; issued access tokens keep working; un-revoke restores', async () => {
		const earlier = await accessToken(() => apiTokenGrant());
		const rv = await ctl('POST', '/cbc/csp/api-tokens/revoke', {});
		assert.equal(rv.status, 200, rv.text);
		assert.equal(rv.json.revoked, true);
		const r = await apiTokenGrant();
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error, 'invalid_grant');
		assert.match(r.json.message, /revoked/);
		assert.equal((await search(earlier)).status, 200, 'an access token issued before the revocation lives until it expires');
		assert.equal((await oauthToken()).status, 200, 'the OAuth app is unaffected');
		assert.equal((await ctl('POST', '/cbc/csp/api-tokens/revoke', { revoked: false })).json.revoked, false);
		assert.equal((await apiTokenGrant()).status, 200);
		// revokeAccessTokens also drops the access tokens issued from it
		const t = await accessToken(() => apiTokenGrant());
		const hard = await ctl('POST', '/cbc/csp/api-tokens/revoke', { revokeAccessTokens: true });
		assert.ok(hard.json.accessTokensDropped >= 1);
		assert.equal((await search(t)).status, 401);
		assert.equal((await ctl('POST', '/cbc/csp/api-tokens/revoke', { id: 'nope' })).status, 404);
	});

	it('omit scope: the token reply has no scope and the token carries no CBC roles (403); back on request', async () => {
		const on = await ctl('POST', '/cbc/csp/scope', { omit: true });
		assert.equal(on.json.omitScope, true);
		for (const r of [await oauthToken(), await apiTokenGrant()]) {
			assert.equal(r.status, 200, r.text);
			assert.equal('scope' in r.json, false);
			assert.equal(typeof r.json.access_token, 'string');
			const s = await search(r.json.access_token);
			assert.equal(s.status, 403, s.text);
			assert.equal(s.json.error_code, 'FORBIDDEN');
		}
		assert.equal((await ctl('POST', '/cbc/csp/scope', { omit: false })).json.omitScope, false);
		assert.equal(typeof (await oauthToken()).json.scope, 'string');
	});

	it('expire all now: 401 in the X-Auth-Token error shape, then a new token works', async () => {
		const bearer = await accessToken();
		assert.equal((await search(bearer)).status, 200);
		const ex = await ctl('POST', '/cbc/csp/tokens/expire');
		assert.equal(ex.status, 200, ex.text);
		assert.ok(ex.json.expired >= 1);
		assert.equal(ex.json.tokens.active, 0);
		const r = await search(bearer);
		assert.equal(r.status, 401, r.text);
		const badKey = await request('POST', `${V7}/alerts/_search`, { 'content-type': 'application/json', 'x-auth-token': 'WRONG/SANDBOXID01' }, '{}');
		assert.equal(badKey.status, 401);
		assert.deepEqual(Object.keys(r.json).sort(), Object.keys(badKey.json).sort());
		assert.equal(r.json.error_code, badKey.json.error_code);
		assert.match(r.json.message, /expired/);
		assert.ok(!r.text.includes(bearer));
		const fresh = await accessToken();
		assert.equal((await search(fresh)).status, 200);
		assert.equal((await cbc('GET', `${JOBS}/1`, bearer)).status, 401, 'expired on every route');
	});

	it('lifetime: expires_in follows it and the token dies after it on the simulator clock', async () => {
		const set = await ctl('POST', '/cbc/csp/tokens/lifetime', { seconds: 60 });
		assert.equal(set.status, 200, set.text);
		assert.equal(set.json.lifetimeSeconds, 60);
		const r = await oauthToken();
		assert.equal(r.json.expires_in, 60);
		assert.equal((await search(r.json.access_token)).status, 200);
		await ctl('POST', '/clock', { advanceMs: 59_000 });
		assert.equal((await search(r.json.access_token)).status, 200);
		await ctl('POST', '/clock', { advanceMs: 1_000 });
		assert.equal((await search(r.json.access_token)).status, 401);
		assert.equal((await ctl('POST', '/cbc/csp/tokens/lifetime', { seconds: 0 })).status, 400);
		// advertisedExpiresIn: the reply can claim a different lifetime than the real one
		await ctl('POST', '/cbc/csp/tokens/lifetime', { seconds: 5, advertisedExpiresIn: 3600 });
		const lying = await oauthToken();
		assert.equal(lying.json.expires_in, 3600);
		await ctl('POST', '/clock', { advanceMs: 5_000 });
		assert.equal((await search(lying.json.access_token)).status, 401);
	});

	it('startup option cspTokenLifetime sets the default lifetime; reset restores the seeded defaults', async () => {
		sb.reset({ cspTokenLifetime: 120 });
		assert.equal((await oauthToken()).json.expires_in, 120);
		sb.reset({ cspTokenLifetime: CSP_TOKEN_LIFETIME_SECONDS });
		await ctl('POST', '/cbc/csp/api-tokens/revoke', {});
		await ctl('POST', '/reset', {});
		assert.equal((await apiTokenGrant()).status, 200);
		const state = (await ctl('GET', '/cbc/csp')).json;
		assert.deepEqual(state.clients.map((c: Json) => [c.clientId, c.orgKey, c.access]), [[CSP_CLIENT_ID, ORG, 'full']]);
		assert.equal(state.apiTokens[0].revoked, false);
		assert.ok(!JSON.stringify(state).includes(CSP_CLIENT_SECRET) && !JSON.stringify(state).includes(CSP_API_TOKEN), 'state shows no secrets');
		assert.ok((await ctl('GET', '/cbc/info')).json.csp.tokens.issued >= 1);
	});

	it('Bearer from another org is refused (403); unknown or malformed Bearer gets 401', async () => {
		const add = await ctl('POST', '/cbc/csp/clients', { clientId: 'other-org-app', clientSecret: 'other-org-secret', orgKey: 'OTHER999' });
		assert.equal(add.status, 201, add.text);
		const other = await accessToken(() => oauthToken('other-org-app', 'other-org-secret'));
		const r = await search(other);
		assert.equal(r.status, 403, r.text);
		assert.equal(r.json.error_code, 'FORBIDDEN');
		assert.match(r.json.message, /org ABCD1234/);
		assert.equal((await search(other, 'OTHER999')).status, 200);
		const ours = await accessToken();
		assert.equal((await search(ours, 'OTHER999')).status, 403);
		for (const bad of ['made-up-token', '']) {
			const u = await search(bad);
			assert.equal(u.status, 401, u.text);
			assert.equal(u.json.error_code, 'UNAUTHORIZED');
		}
		// removing the OAuth app invalidates its tokens at once
		const del = await ctl('DELETE', '/cbc/csp/clients/other-org-app');
		assert.equal(del.json.tokensInvalidated, 1);
		assert.equal((await search(other, 'OTHER999')).status, 401);
	});

	it('CSP roles map to the permission checks of API keys', async () => {
		await ctl('POST', '/cbc/csp/clients', { clientId: 'reader', clientSecret: 'reader-secret', permissions: ['_API.Alerts:org.Alerts:READ', '_API.Alerts:org.Alerts.notes:READ'] });
		const r = await oauthToken('reader', 'reader-secret');
		assert.equal(r.json.scope, 'csp:org_member _API.Alerts:org.Alerts:READ _API.Alerts:org.Alerts.Notes:READ');
		const alert = (await search(r.json.access_token)).json.results[0];
		assert.equal((await cbc('GET', `${V7}/alerts/${alert.id}/notes`, r.json.access_token)).status, 200);
		const wf = await cbc('POST', `${V7}/alerts/workflow`, r.json.access_token, { criteria: { id: [alert.id] }, status: 'CLOSED' });
		assert.equal(wf.status, 403, wf.text);
		assert.match(wf.json.message, /access token lacks permission org\.alerts\.close EXECUTE/);
		await ctl('POST', '/cbc/csp/api-tokens', { id: 'ro-user', apiToken: 'ro-user-api-token', access: 'read-only' });
		const ro = await accessToken(() => apiTokenGrant('ro-user-api-token'));
		assert.equal((await search(ro)).status, 200);
		assert.equal((await cbc('POST', `${V7}/alerts/${alert.id}/notes`, ro, { note: 'x' })).status, 403);
		assert.equal((await ctl('POST', '/cbc/csp/clients', { clientId: 'x', clientSecret: 'y', permissions: ['_API.Alerts:org.Nope:READ'] })).status, 400);
	});

	it('X-Auth-Token keeps working and wins when both are sent', async () => {
		const ok = await request('POST', `${V7}/alerts/_search`, { 'content-type': 'application/json', 'x-auth-token': X_AUTH }, '{"rows":0}');
		assert.equal(ok.status, 200);
		const both = await cbc('POST', `${V7}/alerts/_search`, 'made-up-token', { rows: 0 }, { 'x-auth-token': X_AUTH });
		assert.equal(both.status, 200);
		const basicOnly = await request('POST', `${V7}/alerts/_search`, { 'content-type': 'application/json', authorization: basic('a', 'b') }, '{}');
		assert.equal(basicOnly.status, 401);
		assert.equal(basicOnly.json.message, 'Missing X-Auth-Token header');
	});
});

describe('CSP in the core: stats, faults, request log', () => {
	it('stats count token requests per route', async () => {
		await ctl('POST', '/stats/reset');
		await oauthToken();
		await oauthToken(CSP_CLIENT_ID, 'wrong');
		await apiTokenGrant();
		await request('GET', CSP_TOKEN_PATH, {});
		const s = (await ctl('GET', '/stats')).json;
		assert.equal(s.byRoute[CSP_TOKEN_ROUTE], 2);
		assert.equal(s.byRoute['POST /csp/gateway/am/api/auth/token'], 2);
		assert.equal(s.byRoute[CSP_API_TOKEN_ROUTE], 1);
		assert.equal(s.byRoute['POST /csp/gateway/am/api/auth/api-tokens/authorize'], 1);
		assert.equal(s.byRoute['GET /csp/gateway/am/api/auth/token'], 1);
		assert.deepEqual(s.byStatus, { 200: 2, 401: 1, 405: 1 });
	});

	it('faults apply to the token routes (status with Retry-After, delay, drop)', async () => {
		await ctl('POST', '/faults', { rules: [{ match: { path: '^/csp/gateway/am/api/auth/token$' }, action: 'status', status: 429, times: 1 }] });
		const limited = await oauthToken();
		assert.equal(limited.status, 429);
		assert.equal(limited.headers.get('retry-after'), '1');
		assert.equal(typeof limited.json.message, 'string');
		assert.equal((await apiTokenGrant()).status, 200, 'the other token route is not matched');
		assert.equal((await oauthToken()).status, 200, 'times: 1 used up');
		await ctl('POST', '/faults', { rules: [{ match: { vendor: 'cbc', path: 'api-tokens/authorize' }, action: 'status', status: 503, times: 1 }] });
		const down = await apiTokenGrant();
		assert.equal(down.status, 503);
		assert.equal(typeof down.json.message, 'string');
		await ctl('POST', '/faults', { rules: [{ match: { method: 'POST', path: '/auth/token$' }, action: 'delay', delayMs: 150, times: 1 }] });
		const t0 = Date.now();
		assert.equal((await oauthToken()).status, 200);
		assert.ok(Date.now() - t0 >= 140);
		await ctl('POST', '/faults', { rules: [{ match: { path: '/auth/token$' }, action: 'drop', times: 1 }] });
		await assert.rejects(oauthToken());
		const log = (await ctl('GET', '/requests?limit=20000')).json.requests;
		assert.deepEqual(
			log.filter((e: Json) => e.fault).map((e: Json) => [e.route, e.fault, e.status]),
			[
				[CSP_TOKEN_ROUTE, 'status', 429],
				[CSP_API_TOKEN_ROUTE, 'status', 503],
				[CSP_TOKEN_ROUTE, 'delay', 200],
				[CSP_TOKEN_ROUTE, 'drop', null],
			],
		);
	});

	it('the request log never holds client secrets, API tokens, Basic credentials or access tokens', async () => {
		const { lastSeq } = (await ctl('GET', '/requests?limit=1')).json;
		const t1 = (await oauthToken()).json.access_token;
		const t2 = (await apiTokenGrant()).json.access_token;
		await oauthToken(CSP_CLIENT_ID, 'WRONG-SECRET-VALUE');
		// client_secret in the form body (not how CSP is called, but must not be logged either)
		await request('POST', CSP_TOKEN_PATH, { 'content-type': FORM, authorization: basic(CSP_CLIENT_ID, CSP_CLIENT_SECRET) }, `grant_type=client_credentials&client_id=${CSP_CLIENT_ID}&client_secret=${CSP_CLIENT_SECRET}`);
		// form bodies sent with the wrong or no Content-Type, and a broken JSON body
		await request('POST', CSP_API_TOKEN_PATH, { 'content-type': 'text/plain' }, `api_token=${CSP_API_TOKEN}`);
		await request('POST', CSP_API_TOKEN_PATH, { 'content-type': 'application/json' }, `{"api_token": "${CSP_API_TOKEN}",`);
		await search(t1);
		await search(t2);
		await search('made-up-bearer-value');
		const page = (await ctl('GET', `/requests?since=${lastSeq}`)).json;
		assert.equal(page.requests.length, 9);
		const dump = JSON.stringify(page);
		for (const secret of [CSP_CLIENT_SECRET, 'WRONG-SECRET-VALUE', CSP_API_TOKEN, Buffer.from(`${CSP_CLIENT_ID}:${CSP_CLIENT_SECRET}`).toString('base64'), t1, t2, 'made-up-bearer-value'])
			assert.ok(!dump.includes(secret), `request log must not contain ${secret.slice(0, 12)}…`);
		const [first, second] = page.requests;
		assert.equal(first.route, CSP_TOKEN_ROUTE);
		assert.deepEqual(first.body, { grant_type: 'client_credentials' });
		assert.deepEqual(first.auth, ['authorization']);
		assert.equal(second.route, CSP_API_TOKEN_ROUTE);
		assert.deepEqual(second.body, { api_token: '[REDACTED]' });
		assert.deepEqual(page.requests[3].body, { grant_type: 'client_credentials', client_id: CSP_CLIENT_ID, client_secret: '[REDACTED]' });
		assert.deepEqual(page.requests[4].body, { api_token: '[REDACTED]' });
		assert.match(page.requests[5].body, /\[REDACTED\]/);
		assert.deepEqual(page.requests[6].auth, ['authorization']);
	});
});
