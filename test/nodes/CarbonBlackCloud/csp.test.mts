// Carbon Black Cloud sign-in through VMware Cloud Services Platform (CSP OAuth app, CSP API
// token), in the real engine against the simulator's CSP token routes: one token for many
// executions, one refresh when Carbon Black Cloud answers 401, clear refusals, no secret in output.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { HarnessCredentialsHelper, pollOnce, runNode } from '../../harness/engine.mts';
import type { Json, SandboxHandle } from '../../harness/sandbox.mts';
import { sandbox } from '../../harness/sandbox.mts';
import { someAlerts } from '../../harness/cbc.mts';
import { CSP_API_TOKEN, CSP_API_TOKEN_ROUTE, CSP_CLIENT_ID, CSP_CLIENT_SECRET, CSP_TOKEN_ROUTE } from '../../../sandbox/cbc/csp.mts';

const SEARCH = 'POST /api/alerts/v7/orgs/{org_key}/alerts/_search';

type Kind = 'cspOAuthApp' | 'cspApiToken';
const TYPE: Record<Kind, string> = { cspOAuthApp: 'carbonBlackCloudCspOAuthApi', cspApiToken: 'carbonBlackCloudCspApiTokenApi' };
const ROUTE: Record<Kind, string> = { cspOAuthApp: CSP_TOKEN_ROUTE, cspApiToken: CSP_API_TOKEN_ROUTE };

describe('Carbon Black Cloud › CSP sign-in (OAuth app, API token)', () => {
	let sb: SandboxHandle;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 2500 });
	});
	after(async () => sb.close());

	/** A fresh credential store with one credential of this kind (no stored token yet). */
	const signIn = (kind: Kind, overrides: Json = {}) => {
		const helper = new HarnessCredentialsHelper();
		const secrets = kind === 'cspOAuthApp' ? { clientId: CSP_CLIENT_ID, clientSecret: CSP_CLIENT_SECRET } : { apiToken: CSP_API_TOKEN };
		helper.set(kind, TYPE[kind], { environment: 'custom', customUrl: sb.url, cspUrl: sb.url, orgKey: 'ABCD1234', ...secrets, ...overrides });
		return { helper, credentials: { [TYPE[kind]]: kind } };
	};
	const search = (kind: Kind, signedIn: ReturnType<typeof signIn>, parameters: Json = {}) =>
		runNode(signedIn.helper, {
			type: 'carbonBlackCloud',
			typeVersion: 1.2,
			parameters: { authentication: kind, resource: 'alert', operation: 'search', rangePreset: '-1M', limit: 5, output: 'raw', ...parameters },
			credentials: signedIn.credentials,
		});

	for (const kind of ['cspOAuthApp', 'cspApiToken'] as const) {
		it(`${kind}: three executions share one token; the calls carry Bearer, never X-Auth-Token`, async () => {
			const signedIn = signIn(kind);
			await sb.resetStats();
			await sb.mark();
			for (let run = 0; run < 3; run++) {
				const result = await search(kind, signedIn);
				assert.equal(result.error, undefined, result.error?.message);
				assert.equal(result.items.length, 5);
			}
			const stats = await sb.stats();
			assert.equal(stats.byRoute[ROUTE[kind]], 1, `one token for three executions: ${JSON.stringify(stats.byRoute)}`);
			assert.equal(stats.byRoute[SEARCH], 3);
			assert.equal(signedIn.helper.preAuthCalls[TYPE[kind]], 1);
			const calls = (await sb.requestsSinceMark()).filter((r) => r.route === SEARCH);
			assert.equal(calls.length, 3);
			// the simulator logs which auth headers came (never their values); it accepted the Bearer token
			for (const call of calls) assert.deepEqual(call.auth, ['authorization']);
		});
	}

	it('a token that expires between the pages of one execution is refreshed exactly once; nothing is lost or repeated', async () => {
		const signedIn = signIn('cspOAuthApp');
		const alerts = await someAlerts(sb, 2500);
		const input = alerts.map((a) => ({ id: a.id }));
		await sb.resetStats();
		// Alert › Get of 2,500 items reads 3 pages of 1,000 IDs; the second finds the token expired
		await sb.faults([{ match: { path: '/alerts/_search$' }, action: 'status', status: 401, skip: 1, times: 1, body: { error_code: 'UNAUTHORIZED', message: 'Token expired' } }]);
		try {
			const result = await runNode(
				signedIn.helper,
				{ type: 'carbonBlackCloud', typeVersion: 1.2, parameters: { authentication: 'cspOAuthApp', resource: 'alert', operation: 'get', alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, output: 'raw' }, credentials: signedIn.credentials },
				input,
			);
			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(result.items.map((i) => i.json.id), input.map((i) => i.id), 'every alert once, in input order');
			const stats = await sb.stats();
			assert.equal(stats.byRoute[CSP_TOKEN_ROUTE], 2, `the first sign-in and exactly one refresh: ${JSON.stringify(stats.byRoute)}`);
			assert.equal(stats.byRoute[SEARCH], 4, '3 pages and the repeat of the refused one');
			assert.equal(signedIn.helper.preAuthCalls.carbonBlackCloudCspOAuthApi, 2);
		} finally {
			await sb.clearFaults();
		}
	});

	it('tokens expired at CSP: the next execution refreshes once; the trigger signs in the same way', async () => {
		const signedIn = signIn('cspApiToken');
		assert.equal((await search('cspApiToken', signedIn)).error, undefined);
		await sb.control('POST', '/cbc/csp/tokens/expire');
		await sb.resetStats();
		const again = await search('cspApiToken', signedIn);
		assert.equal(again.error, undefined, again.error?.message);
		const stats = await sb.stats();
		assert.equal(stats.byRoute[CSP_API_TOKEN_ROUTE], 1);
		assert.equal(stats.byRoute[SEARCH], 2, 'the refused search and its repeat');
		const { items } = await pollOnce(
			signedIn.helper,
			{ type: 'carbonBlackCloudTrigger', typeVersion: 1.1, parameters: { authentication: 'cspApiToken', event: 'alertCreated' }, credentials: signedIn.credentials },
			{ mode: 'manual' },
		);
		assert.equal(items?.length, 1, 'Fetch Test Event reads the newest alert with the CSP sign-in');
	});

	it('a wrong client secret or a revoked API token gives an error naming the field, without the secret', async () => {
		const wrong = await search('cspOAuthApp', signIn('cspOAuthApp', { clientSecret: 'WRONG-csp-secret-4321' }));
		assert.match(String(wrong.error?.message), /refused the client ID or client secret \(HTTP \d{3}/);
		assert.ok(!JSON.stringify(wrong.error).includes('WRONG-csp-secret-4321'));
		await sb.control('POST', '/cbc/csp/api-tokens/revoke', {});
		try {
			const revoked = await search('cspApiToken', signIn('cspApiToken'));
			assert.match(String(revoked.error?.message), /refused the API token \(HTTP \d{3}/);
			assert.ok(!JSON.stringify(revoked.error).includes(CSP_API_TOKEN));
		} finally {
			await sb.control('POST', '/cbc/csp/api-tokens/revoke', { revoked: false });
		}
	});

	it('a token reply without scope is refused, and a CSP URL that is not a plain https host is refused before any request', async () => {
		await sb.control('POST', '/cbc/csp/scope', { omit: true });
		try {
			const noScope = await search('cspOAuthApp', signIn('cspOAuthApp'));
			assert.match(String(noScope.error?.message), /answered without a scope/);
		} finally {
			await sb.control('POST', '/cbc/csp/scope', { omit: false });
		}
		await sb.resetStats();
		for (const cspUrl of ['http://csp.example.com', `${sb.url}/path`, `${sb.url}?x=1`]) {
			const bad = await search('cspOAuthApp', signIn('cspOAuthApp', { cspUrl }));
			assert.match(String(bad.error?.message), /Cloud Services Platform URL must be a plain https:\/\/ host/, cspUrl);
		}
		assert.equal((await sb.stats()).total, 0);
	});

	it('no secret or token reaches the output items', async () => {
		const signedIn = signIn('cspOAuthApp');
		const result = await search('cspOAuthApp', signedIn);
		const token = String(signedIn.helper.store.get('cspOAuthApp')!.data.accessToken);
		assert.ok(token.length > 10, 'a token was stored in the credential');
		const text = JSON.stringify(result.items);
		for (const secret of [CSP_CLIENT_SECRET, token]) assert.ok(!text.includes(secret));
	});
});
