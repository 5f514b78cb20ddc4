// The bad-input table, run by bad-input.test.mts and reused by secrets.test.mts. Every case runs
// twice through the real engine, once stopping on the error and once with Continue On Fail. Stopping, it must fail with the expected NodeOperationError /
// NodeApiError (message, HTTP code) after exactly the expected number of vendor requests (0 when
// the node can tell before sending anything) and output nothing. With Continue On Fail, each
// failing input becomes exactly one error item paired to it, and the other inputs still produce
// their output.
import { someAlerts } from '../harness/cbc.mts';
import type { NodeSpec } from '../harness/engine.mts';
import { cbcCredentials, ctaCredentials, HarnessCredentialsHelper, runNode } from '../harness/engine.mts';
import type { Json, SandboxHandle } from '../harness/sandbox.mts';
import { listing, TOKEN_ROUTE } from '../nodes/CiscoGlobalThreatAlerts/helpers.mts';

export type Category =
	| 'credentials'
	| 'parameters'
	| 'dates and ranges'
	| 'notes'
	| 'IDs'
	| 'vendor errors'
	| 'replies';

export interface Fixtures {
	sb: SandboxHandle;
	cbcIds: string[];
	cbcThreat: string;
	cbcDevice: number;
	ctaIds: string[];
	/** Values a case's setup leaves for its credentials. */
	scratch: Json;
}

export interface BadInputCase {
	name: string;
	category: Category;
	node: 'cbc' | 'cta';
	/** Credential fields that differ from the simulator credential. */
	credentials?: (f: Fixtures) => Json;
	parameters: (f: Fixtures) => Json;
	/** Input items; expressions in the parameters read `$json.v`. Default: one empty item. */
	inputs?: (f: Fixtures) => Json[];
	/** Indexes of the inputs that fail; default every input. */
	failing?: number[];
	/** Simulator state and faults, applied before each of the two runs. */
	setup?: (f: Fixtures) => Promise<void>;
	error: {
		class: 'NodeOperationError' | 'NodeApiError';
		message: RegExp;
		httpCode?: string;
		description?: RegExp;
	};
	/** Vendor API requests (token requests not counted) of the run that stops on the error. */
	requests: number;
	/**
	 * Why the case cannot pass on n8n 1.x, if it cannot: n8n-workflow 1.x drops the `cause` of
	 * the NodeApiError that httpRequestWithAuthentication throws, so response headers, text
	 * bodies and the failing URL never reach the node there (see README, Compatibility).
	 */
	n8n1Skip?: string;
	/**
	 * What differs on n8n 1.x, for the same reason: the expectations replaced there (the case still
	 * runs, with the same error class, request count and Continue On Fail pairing).
	 */
	n8n1?: { message: RegExp; description?: RegExp };
}

/** n8n 1.x hides which URL failed: a token-endpoint error reads as the API answering 400. */
const n8n1TokenError = (detail: string) => ({
	message: new RegExp(`^Cisco Global Threat Alerts answered 400 — invalid_client: ${detail}$`),
	description: /Check the fields of this operation/,
});

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const V = '={{ $json.v }}';
const HTML = '<html><head><title>Proxy login</title></head><body><form action="/login">…</form></body></html>';

const fault = (f: Fixtures, rule: Json) => f.sb.faults([rule]);
const cbcSearch = (extra: Json = {}) => ({ resource: 'alert', operation: 'search', returnAll: false, limit: 5, ...extra });
const ctaGetAll = (extra: Json = {}) => ({ resource: 'alert', operation: 'getAll', returnAll: false, limit: 5, ...extra });
const two = (bad: unknown, good: unknown) => () => [{ v: bad }, { v: good }];

/** Keys and clients made for single cases (revoked, read-only, …). */
async function cbcKey(f: Fixtures, apiId: string, access: string, revoke = false) {
	await f.sb.control('POST', '/cbc/keys', { apiId, apiSecret: `${apiId}-secret`, access });
	if (revoke) await f.sb.control('POST', `/cbc/keys/${apiId}`);
}

export const CASES: BadInputCase[] = [
	// ---- credentials ----
	{
		name: 'CBC: plain http custom URL to a remote host',
		category: 'credentials',
		node: 'cbc',
		credentials: () => ({ customUrl: 'http://defense.example.com' }),
		parameters: () => cbcSearch(),
		error: { class: 'NodeOperationError', message: /^The Carbon Black Cloud URL in the credentials is not usable$/, description: /https:\/\// },
		requests: 0,
	},
	{
		name: 'CBC: custom URL with user info',
		category: 'credentials',
		node: 'cbc',
		credentials: (f) => ({ customUrl: f.sb.url.replace('http://', 'http://user:pw@') }),
		parameters: () => cbcSearch(),
		error: { class: 'NodeOperationError', message: /URL in the credentials is not usable/ },
		requests: 0,
	},
	{
		name: 'CBC: empty org key',
		category: 'credentials',
		node: 'cbc',
		credentials: () => ({ orgKey: '  ' }),
		parameters: () => cbcSearch(),
		error: { class: 'NodeOperationError', message: /org key in the Carbon Black Cloud credentials is empty/ },
		requests: 0,
	},
	{
		name: 'CBC: org key of another org',
		category: 'credentials',
		node: 'cbc',
		credentials: () => ({ orgKey: 'WRONG999' }),
		parameters: () => cbcSearch(),
		error: { class: 'NodeApiError', message: /^Carbon Black Cloud answered 403 — FORBIDDEN/, httpCode: '403', description: /org key/ },
		requests: 1,
	},
	{
		name: 'CBC: wrong API secret key',
		category: 'credentials',
		node: 'cbc',
		credentials: () => ({ apiSecretKey: 'not-the-secret' }),
		parameters: () => cbcSearch(),
		error: { class: 'NodeApiError', message: /^Carbon Black Cloud answered 401 — UNAUTHORIZED/, httpCode: '401', description: /API ID and API secret key/ },
		requests: 2, // n8n repeats a request once after a 401, whatever the credential type
	},
	{
		name: 'CBC: revoked API key',
		category: 'credentials',
		node: 'cbc',
		credentials: () => ({ apiId: 'REVOKED01', apiSecretKey: 'REVOKED01-secret' }),
		setup: (f) => cbcKey(f, 'REVOKED01', 'full', true),
		parameters: () => cbcSearch(),
		error: { class: 'NodeApiError', message: /answered 401/, httpCode: '401', description: /has not been deleted/ },
		requests: 2,
	},
	{
		name: 'CBC: read-only key creating a note',
		category: 'credentials',
		node: 'cbc',
		credentials: () => ({ apiId: 'READONLY01', apiSecretKey: 'READONLY01-secret' }),
		setup: (f) => cbcKey(f, 'READONLY01', 'read-only'),
		parameters: (f) => ({ resource: 'alertNote', operation: 'create', alertId: rl(f.cbcIds[0]), note: 'triaged' }),
		error: { class: 'NodeApiError', message: /answered 403 — FORBIDDEN: Access denied: API key lacks permission org\.alerts\.notes CREATE/, httpCode: '403' },
		requests: 1,
	},
	{
		name: 'CTA: missing customer ID',
		category: 'credentials',
		node: 'cta',
		credentials: () => ({ customerId: '' }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeOperationError', message: /customer ID in the Cisco Global Threat Alerts credentials is empty/, description: /user icon/ },
		requests: 0,
	},
	{
		name: 'CTA: customer ID the client may not read',
		category: 'credentials',
		node: 'cta',
		credentials: () => ({ customerId: 'CTA000000001' }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeApiError', message: /^Cisco Global Threat Alerts answered 403/, httpCode: '403', description: /customer ID/ },
		requests: 1,
	},
	{
		name: 'CTA: plain http API base URL to a remote host',
		category: 'credentials',
		node: 'cta',
		credentials: () => ({ baseUrl: 'http://api.cta.eu.amp.cisco.com' }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeOperationError', message: /API base URL in the Cisco Global Threat Alerts credentials is not usable/ },
		requests: 0,
	},
	{
		name: 'CTA: plain http custom token URL to a remote host',
		category: 'credentials',
		node: 'cta',
		credentials: () => ({ customTokenUrl: 'http://visibility.example.com/iroh/oauth2/token' }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeApiError', message: /^Could not get a Cisco access token: The custom token URL must start with https:\/\//, description: /token region/ },
		requests: 0,
	},
	{
		name: 'CTA: wrong token region (client unknown there)',
		category: 'credentials',
		node: 'cta',
		credentials: () => ({ clientId: 'client-from-another-region' }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeApiError', message: /^Could not get a Cisco access token: the token endpoint answered 400 — invalid_client: unknown client$/, httpCode: '400', description: /token region/ },
		requests: 0,
		n8n1: n8n1TokenError('unknown client'),
	},
	{
		name: 'CTA: wrong client password',
		category: 'credentials',
		node: 'cta',
		credentials: () => ({ clientPassword: 'wrong-password' }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeApiError', message: /^Could not get a Cisco access token: the token endpoint answered 400 — invalid_client: invalid client credentials$/, httpCode: '400', description: /client password/ },
		requests: 0,
		n8n1: n8n1TokenError('invalid client credentials'),
	},
	{
		name: 'CTA: expired token and the client revoked meanwhile',
		category: 'credentials',
		node: 'cta',
		credentials: (f) => ({ clientId: 'revoked-client', clientPassword: 'revoked-password', accessToken: f.scratch.token }),
		setup: async (f) => {
			await f.sb.control('POST', '/cta/clients', { clientId: 'revoked-client', clientPassword: 'revoked-password' });
			const res = await fetch(`${f.sb.url}/iroh/oauth2/token`, {
				method: 'POST',
				headers: { authorization: `Basic ${Buffer.from('revoked-client:revoked-password').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
				body: 'grant_type=client_credentials',
			});
			f.scratch.token = (await res.json()).access_token;
			await f.sb.control('POST', '/cta/tokens/expire', {});
			await f.sb.control('DELETE', '/cta/clients/revoked-client');
		},
		parameters: () => ctaGetAll(),
		error: { class: 'NodeApiError', message: /^Could not get a Cisco access token: the token endpoint answered 400 — invalid_client: unknown client$/, httpCode: '400' },
		requests: 1,
		n8n1: n8n1TokenError('unknown client'),
	},

	...(['/?', '?', '/#', '#top', '/?rows=1'] as const).map((tail): BadInputCase => ({
		name: `CBC: custom URL ending in ${tail}`,
		category: 'credentials',
		node: 'cbc',
		credentials: (f) => ({ customUrl: `${f.sb.url}${tail}` }),
		parameters: () => cbcSearch(),
		error: { class: 'NodeOperationError', message: /^The Carbon Black Cloud URL in the credentials is not usable$/ },
		requests: 0,
	})),
	...(['?', '/#'] as const).map((tail): BadInputCase => ({
		name: `CTA: API base URL ending in ${tail}`,
		category: 'credentials',
		node: 'cta',
		credentials: (f) => ({ baseUrl: `${f.sb.url}${tail}` }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeOperationError', message: /API base URL in the Cisco Global Threat Alerts credentials is not usable/ },
		requests: 0,
	})),
	...(['?', '?grant_type=password', '#x'] as const).map((tail): BadInputCase => ({
		name: `CTA: custom token URL ending in ${tail}`,
		category: 'credentials',
		node: 'cta',
		credentials: (f) => ({ customTokenUrl: `${f.sb.url}/iroh/oauth2/token${tail}` }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeApiError', message: /^Could not get a Cisco access token: The custom token URL must be a plain https:\/\/ address, without user name, query \(\?\) or fragment \(#\)$/ },
		requests: 0,
	})),

	// ---- parameters ----
	{
		name: 'CBC: malformed Raw Criteria JSON',
		category: 'parameters',
		node: 'cbc',
		parameters: () => cbcSearch({ filters: { criteriaJson: V } }),
		inputs: two('{"type": ["WATCHLIST"', '{"type": ["WATCHLIST"]}'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Raw Criteria \(JSON\)" is not valid JSON$/, description: /Example/ },
		requests: 0,
	},
	{
		name: 'CBC: Raw Exclusions JSON that is an array',
		category: 'parameters',
		node: 'cbc',
		parameters: () => cbcSearch({ filters: { exclusionsJson: V } }),
		inputs: two('["WATCHLIST"]', '{}'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Raw Exclusions \(JSON\)" must be a JSON object$/ },
		requests: 0,
	},
	{
		name: 'CBC: unknown enum value in raw criteria',
		category: 'parameters',
		node: 'cbc',
		parameters: () => cbcSearch({ filters: { criteriaJson: V } }),
		inputs: two('{"type": ["NOT_A_TYPE"]}', '{"type": ["WATCHLIST"]}'),
		failing: [0],
		error: { class: 'NodeApiError', message: /answered 400 — INVALID_ENUM_VALUE/, httpCode: '400', description: /known values: .*WATCHLIST/ },
		requests: 1,
	},
	{
		name: 'CBC: unknown workflow status from an expression',
		category: 'parameters',
		node: 'cbc',
		parameters: (f) => ({ resource: 'alert', operation: 'updateWorkflow', target: 'alertIds', alertId: rl(f.cbcIds[1]), status: V, options: { waitForCompletion: false } }),
		inputs: two('REOPENED', 'IN_PROGRESS'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"REOPENED" is not a status value$/, description: /OPEN, IN_PROGRESS, CLOSED/ },
		requests: 0,
	},
	{
		name: 'CBC: unknown sort field',
		category: 'parameters',
		node: 'cbc',
		parameters: () => cbcSearch({ sort: { fields: [{ field: V, order: 'ASC' }] } }),
		inputs: two('priority', 'severity'),
		failing: [0],
		error: { class: 'NodeApiError', message: /answered 400/, httpCode: '400' },
		requests: 1,
	},
	{
		name: 'CBC: non-numeric Device ID',
		category: 'parameters',
		node: 'cbc',
		parameters: () => cbcSearch({ filters: { deviceId: V } }),
		inputs: (f) => [{ v: 'WIN-SRV-01' }, { v: String(f.cbcDevice) }],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Device ID" must be numeric, got "WIN-SRV-01"$/ },
		requests: 0,
	},
	{
		name: 'CBC: Minimum Severity 11',
		category: 'parameters',
		node: 'cbc',
		parameters: () => cbcSearch({ filters: { minimumSeverity: V } }),
		inputs: two(11, 1),
		failing: [0],
		error: { class: 'NodeOperationError', message: /"Minimum Severity" must be a whole number from 1 to 10/ },
		requests: 0,
	},
	{
		name: 'CBC: Limit 0 from an expression',
		category: 'parameters',
		node: 'cbc',
		parameters: () => cbcSearch({ limit: V }),
		inputs: two(0, 2),
		failing: [0],
		error: { class: 'NodeOperationError', message: /"Limit" must be a whole number of at least 1/ },
		requests: 0,
	},
	{
		name: 'CBC: Limit that is not a number',
		category: 'parameters',
		node: 'cbc',
		parameters: () => cbcSearch({ limit: V }),
		inputs: two('ten', 2),
		failing: [0],
		error: { class: 'NodeOperationError', message: /"Limit" must be a whole number of at least 1/ },
		requests: 0,
	},
	{
		name: 'CBC: non-numeric Job ID',
		category: 'parameters',
		node: 'cbc',
		parameters: () => ({ resource: 'job', operation: 'get', jobId: V }),
		inputs: () => [{ v: '12/../34' }],
		error: { class: 'NodeOperationError', message: /^"Job ID" must be a number, got "12\/\.\.\/34"$/ },
		requests: 0,
	},
	{
		name: 'CTA: unknown alert status from an expression',
		category: 'parameters',
		node: 'cta',
		parameters: (f) => ({ resource: 'alert', operation: 'updateStatus', alertId: rl(f.ctaIds[0]), status: V }),
		inputs: two('Reopened', 'Open'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Reopened" is not an alert status$/, description: /New, Open or Closed/ },
		requests: 0,
	},
	{
		name: 'CTA: 21 closing reasons',
		category: 'parameters',
		node: 'cta',
		parameters: (f) => ({ resource: 'alert', operation: 'updateStatus', alertId: rl(f.ctaIds[0]), status: 'Closed', closingReasons: V }),
		inputs: two(Array.from({ length: 21 }, (_, i) => `Reason${i}`).join(','), 'FalsePositive'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /"Closing Reasons" has 21 IDs; at most 20 are allowed/ },
		requests: 0,
	},
	{
		name: 'CTA: unknown sort',
		category: 'parameters',
		node: 'cta',
		parameters: () => ctaGetAll({ options: { sort: V } }),
		inputs: two('severity:asc', 'triggeredAt:asc'),
		failing: [0],
		error: { class: 'NodeApiError', message: /^Cisco Global Threat Alerts answered 400 — /, httpCode: '400' },
		requests: 1,
	},
	{
		name: 'CTA: Limit 0 from an expression',
		category: 'parameters',
		node: 'cta',
		parameters: () => ctaGetAll({ limit: V }),
		inputs: two(0, 2),
		failing: [0],
		error: { class: 'NodeOperationError', message: /"Limit" must be a whole number of at least 1/ },
		requests: 0,
	},
	{
		name: 'CTA: Page Size 5,000',
		category: 'parameters',
		node: 'cta',
		parameters: () => ctaGetAll({ options: { pageSize: V } }),
		inputs: two(5000, 2),
		failing: [0],
		error: { class: 'NodeOperationError', message: /"Page Size" must be a whole number from 1 to 1,000/ },
		requests: 0,
	},
	{
		name: 'CTA: 1,001 event IDs in a search filter',
		category: 'parameters',
		node: 'cta',
		parameters: () => ({ resource: 'event', operation: 'search', returnAll: false, limit: 5, filters: { eventIds: V } }),
		inputs: two(Array.from({ length: 1001 }, (_, i) => `ev-${i}`), []),
		failing: [0],
		error: { class: 'NodeOperationError', message: /"Event IDs" has 1001 IDs; at most 1000 are allowed/ },
		requests: 0,
	},
	{
		name: 'CTA: cursor from another sort',
		category: 'parameters',
		node: 'cta',
		parameters: () => ({ resource: 'threatDetection', operation: 'getAll', returnAll: false, limit: 5, options: { after: V } }),
		inputs: two('not-a-cursor!', ''),
		failing: [0],
		error: { class: 'NodeApiError', message: /answered 400 — /, httpCode: '400' },
		requests: 1,
	},

	// ---- dates and ranges ----
	{
		name: 'CBC: relative range in words',
		category: 'dates and ranges',
		node: 'cbc',
		parameters: () => cbcSearch({ range: V }),
		inputs: two('two weeks', '-2w'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Range" must be a minus sign, a number and a unit \(such as -2w or -30d\), got "two weeks"$/ },
		requests: 0,
	},
	{
		name: 'CBC: start date not a date',
		category: 'dates and ranges',
		node: 'cbc',
		parameters: () => cbcSearch({ timeRange: 'absolute', startTime: V, endTime: '2099-01-01T00:00:00Z' }),
		inputs: two('31/12/2024', '2020-01-01T00:00:00Z'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Start" is not a valid date: "31\/12\/2024"$/, description: /ISO 8601/ },
		requests: 0,
	},
	{
		name: 'CBC: inverted date range',
		category: 'dates and ranges',
		node: 'cbc',
		parameters: () => cbcSearch({ timeRange: 'absolute', startTime: V, endTime: '={{ $json.end }}' }),
		inputs: () => [{ v: '2024-06-01T00:00:00Z', end: '2024-01-01T00:00:00Z' }, { v: '2020-01-01T00:00:00Z', end: new Date().toISOString() }],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Start" must be before "End"$/ },
		requests: 0,
	},
	{
		name: 'CBC v6: inverted date range',
		category: 'dates and ranges',
		node: 'cbc',
		parameters: () => ({ resource: 'legacyAlert', operation: 'search', pathway: 'all', returnAll: false, limit: 5, timeRange: 'absolute', startTime: V, endTime: '={{ $json.end }}' }),
		inputs: () => [{ v: '2024-06-01T00:00:00Z', end: '2024-01-01T00:00:00Z' }, { v: '2020-01-01T00:00:00Z', end: new Date().toISOString() }],
		failing: [0],
		error: { class: 'NodeOperationError', message: /must be before/ },
		requests: 0,
	},
	{
		name: 'CBC v6: Return All past the 10,000-result window',
		category: 'dates and ranges',
		node: 'cbc',
		setup: async (f) => {
			const { total } = await f.sb.control('GET', '/cbc/info').then((i: Json) => ({ total: i.alerts }));
			if (total <= 10_000) await f.sb.control('POST', '/cbc/alerts', { count: 10_001 - total + 5, spreadMs: 3_600_000 });
		},
		parameters: () => ({ resource: 'legacyAlert', operation: 'search', pathway: 'all', returnAll: true, timeRange: 'any' }),
		error: { class: 'NodeOperationError', message: /^The search matches \d+ alerts; the v6 API pages through only the first 10000$/ },
		requests: 1,
	},
	{
		name: 'CTA: Triggered After not a date',
		category: 'dates and ranges',
		node: 'cta',
		parameters: () => ctaGetAll({ filters: { triggeredAfter: V } }),
		inputs: two('last tuesday', '2024-01-01T00:00:00Z'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Triggered After" is not a valid date: "last tuesday"$/ },
		requests: 0,
	},
	{
		name: 'CTA: Modified After with an impossible date',
		category: 'dates and ranges',
		node: 'cta',
		parameters: () => ({ resource: 'event', operation: 'getAll', returnAll: false, limit: 3, filters: { modifiedAfter: V } }),
		inputs: two('2024-02-30T00:00:00Z', '2024-01-01T00:00:00Z'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /"Modified After" is not a valid date/ },
		requests: 0,
	},

	// ---- notes ----
	{
		name: 'CBC: empty alert note',
		category: 'notes',
		node: 'cbc',
		parameters: (f) => ({ resource: 'alertNote', operation: 'create', alertId: rl(f.cbcIds[0]), note: V }),
		inputs: two('   ', 'triaged'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^The note is empty$/ },
		requests: 0,
	},
	{
		name: 'CBC: 20,001-character threat note',
		category: 'notes',
		node: 'cbc',
		parameters: () => ({ resource: 'threatNote', operation: 'create', threatId: '={{ $json.threat }}', note: V }),
		inputs: (f) => [{ v: 'x'.repeat(20_001), threat: f.cbcThreat }, { v: 'y'.repeat(20_000), threat: f.cbcThreat }],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^The note is 20001 characters long; the limit is 20000$/ },
		requests: 0,
	},
	{
		name: 'CTA: empty alert note',
		category: 'notes',
		node: 'cta',
		parameters: (f) => ({ resource: 'alert', operation: 'setNote', alertId: rl(f.ctaIds[1]), note: V }),
		inputs: two('', 'Investigating INC-1'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^The note is empty$/ },
		requests: 0,
	},
	{
		name: 'CTA: 20,001-character alert note',
		category: 'notes',
		node: 'cta',
		parameters: (f) => ({ resource: 'alert', operation: 'setNote', alertId: rl(f.ctaIds[1]), note: V }),
		inputs: two('x'.repeat(20_001), 'Investigating INC-2'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^The note is 20001 characters long; the limit is 5000$/ },
		requests: 0,
	},

	// ---- IDs ----

	// `.` and `..` are dropped or climb a level when a URL is parsed, even percent-encoded.
	...(
		[
			['Alert Note › Get Many, alert ID ..', { resource: 'alertNote', operation: 'getAll', alertId: rl(V) }, '..', 'Alert ID'],
			['Alert Note › Get Many, alert ID .', { resource: 'alertNote', operation: 'getAll', alertId: rl(V) }, '.', 'Alert ID'],
			['Alert Note › Delete, note ID ..', { resource: 'alertNote', operation: 'deleteNote', alertId: rl('ALERT-PLACEHOLDER'), noteId: V }, '..', 'Note ID'],
			['Threat Note › Create, threat ID .', { resource: 'threatNote', operation: 'create', threatId: V, note: 'x' }, '.', 'Threat ID'],
			['Threat Tag › Remove, tag ..', { resource: 'threatTag', operation: 'remove', threatId: 'THREAT-PLACEHOLDER', tag: V }, '..', 'Tag'],
			['Legacy Get Workflow Status, request ID ..', { resource: 'legacyAlert', operation: 'getWorkflowStatus', requestId: V }, '..', 'Request ID'],
		] as const
	).map(([label, parameters, id, field]): BadInputCase => ({
		name: `CBC: ${label}`,
		category: 'IDs',
		node: 'cbc',
		parameters: (f) =>
			JSON.parse(JSON.stringify(parameters).replace('ALERT-PLACEHOLDER', f.cbcIds[0]).replace('THREAT-PLACEHOLDER', f.cbcThreat)),
		inputs: () => [{ v: id }],
		error: { class: 'NodeOperationError', message: new RegExp(`^"${id.replace(/\./g, '\\.')}" is not a valid ${field}$`), description: /would change which address is called/ },
		requests: 0,
	})),
	{
		name: 'CBC: org key ..',
		category: 'IDs',
		node: 'cbc',
		credentials: () => ({ orgKey: '..' }),
		parameters: () => cbcSearch(),
		error: { class: 'NodeOperationError', message: /^The Carbon Black Cloud org key in the credentials is not valid$/ },
		requests: 0,
	},
	{
		name: 'CTA: customer ID .',
		category: 'IDs',
		node: 'cta',
		credentials: () => ({ customerId: '.' }),
		parameters: () => ctaGetAll(),
		error: { class: 'NodeOperationError', message: /^The Cisco Global Threat Alerts customer ID in the credentials is not valid$/ },
		requests: 0,
	},
	{
		name: 'CTA: alert ID .. on Set Note',
		category: 'IDs',
		node: 'cta',
		parameters: () => ({ resource: 'alert', operation: 'setNote', alertId: rl(V), note: 'checked' }),
		inputs: (f) => [{ v: '..' }, { v: f.ctaIds[3] }],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"\.\." is not a valid Alert ID$/ },
		requests: 0,
	},

	// Objects and arrays from expressions would be sent as "[object Object]" or "a,b".
	...(
		[
			['an object', { a: 1 }, /got an object$/],
			['an array', ['id-1', 'id-2'], /got an array \(2 entries\)$/],
			['a boolean', true, /got true$/],
		] as const
	).flatMap(([label, value, tail]): BadInputCase[] => [
		{
			name: `CBC: alert ID that is ${label} (Get)`,
			category: 'IDs',
			node: 'cbc',
			parameters: () => ({ resource: 'alert', operation: 'get', alertId: rl(V) }),
			inputs: (f) => [{ v: value }, { v: f.cbcIds[0] }],
			failing: [0],
			error: { class: 'NodeOperationError', message: new RegExp(`^"Alert ID" must be text or a number, ${tail.source}`) },
			requests: 0,
		},
		{
			name: `CBC: alert ID that is ${label} (Update Workflow)`,
			category: 'IDs',
			node: 'cbc',
			parameters: () => ({ resource: 'alert', operation: 'updateWorkflow', target: 'alertIds', alertId: rl(V), status: 'IN_PROGRESS', options: { waitForCompletion: false } }),
			inputs: (f) => [{ v: value }, { v: f.cbcIds[2] }],
			failing: [0],
			error: { class: 'NodeOperationError', message: new RegExp(`^"Alert ID" must be text or a number, ${tail.source}`) },
			requests: 0,
		},
		{
			name: `CTA: alert ID that is ${label} (Get)`,
			category: 'IDs',
			node: 'cta',
			parameters: () => ({ resource: 'alert', operation: 'get', alertId: rl(V) }),
			inputs: (f) => [{ v: value }, { v: f.ctaIds[0] }],
			failing: [0],
			error: { class: 'NodeOperationError', message: new RegExp(`^"Alert ID" must be text or a number, ${tail.source}`) },
			requests: 0,
		},
	]),
	{
		name: 'CBC: threat ID that is an object',
		category: 'IDs',
		node: 'cbc',
		parameters: () => ({ resource: 'threatTag', operation: 'getAll', threatId: V }),
		inputs: (f) => [{ v: { id: 'x' } }, { v: f.cbcThreat }],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Threat ID" must be text or a number, got an object$/ },
		requests: 0,
	},
	{
		name: 'CTA: Get Many by IDs with an object instead of a list',
		category: 'IDs',
		node: 'cta',
		parameters: () => ({ resource: 'alert', operation: 'getAllByIds', alertIds: V }),
		inputs: (f) => [{ v: { ids: ['a'] } }, { v: f.ctaIds[4] }],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"Alert IDs" must be a list of IDs, got an object$/ },
		requests: 0,
	},
	...(
		[
			['slash', 'a/b'],
			['question mark', 'x?rows=10000'],
			['hash', 'abc#fragment'],
		] as const
	).map(([label, id]): BadInputCase => ({
		name: `CBC: alert ID with a ${label}`,
		category: 'IDs',
		node: 'cbc',
		parameters: () => ({ resource: 'alertNote', operation: 'getAll', alertId: rl(V) }),
		inputs: (f) => [{ v: id }, { v: f.cbcIds[0] }],
		failing: [0],
		error: { class: 'NodeApiError', message: /^Carbon Black Cloud answered 404 — NOT_FOUND/, httpCode: '404', description: /Check the ID/ },
		requests: 1,
	})),
	{
		name: 'CBC: threat ID with spaces',
		category: 'IDs',
		node: 'cbc',
		parameters: () => ({ resource: 'threatTag', operation: 'getAll', threatId: V }),
		inputs: (f) => [{ v: 'ABC DEF' }, { v: f.cbcThreat }],
		failing: [0],
		error: { class: 'NodeApiError', message: /answered 404/, httpCode: '404' },
		requests: 1,
	},
	...(
		[
			['slash', 'a/b'],
			['question mark', 'x?size=1000'],
			['hash', 'abc#x'],
		] as const
	).map(([label, id]): BadInputCase => ({
		name: `CTA: alert ID with a ${label}`,
		category: 'IDs',
		node: 'cta',
		parameters: () => ({ resource: 'alert', operation: 'setNote', alertId: rl(V), note: 'checked' }),
		inputs: (f) => [{ v: id }, { v: f.ctaIds[2] }],
		failing: [0],
		error: { class: 'NodeApiError', message: new RegExp(`^The alert ${id.replace(/[.?#/]/g, '\\$&')} no longer exists$`), httpCode: '404' },
		requests: 1,
	})),
	{
		name: 'CTA: alert ID with spaces',
		category: 'IDs',
		node: 'cta',
		parameters: () => ({ resource: 'alert', operation: 'get', alertId: rl(V) }),
		inputs: (f) => [{ v: 'abc def' }, { v: f.ctaIds[0] }],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^"abc def" is not an alert ID$/ },
		requests: 0,
	},

	// ---- vendor error bodies ----
	{
		name: 'CBC: 400 malformed Lucene query',
		category: 'vendor errors',
		node: 'cbc',
		parameters: () => cbcSearch({ query: V }),
		inputs: two('device_name:(unclosed', 'device_os:WINDOWS'),
		failing: [0],
		error: { class: 'NodeApiError', message: /^Carbon Black Cloud answered 400 — /, httpCode: '400' },
		requests: 1,
	},
	{
		name: 'CBC: 404 missing alert',
		category: 'vendor errors',
		node: 'cbc',
		parameters: () => ({ resource: 'alert', operation: 'getHistory', alertId: rl(V) }),
		inputs: (f) => [{ v: '00000000-0000-0000-0000-000000000000' }, { v: f.cbcIds[0] }],
		failing: [0],
		error: { class: 'NodeApiError', message: /answered 404 — NOT_FOUND/, httpCode: '404' },
		requests: 1,
	},
	{
		name: 'CBC: 409 conflict on a note',
		category: 'vendor errors',
		node: 'cbc',
		setup: (f) => fault(f, { match: { method: 'POST', path: '/notes$' }, action: 'status', status: 409, body: { error_code: 'CONFLICT', message: 'The alert was changed by another request' }, times: 1 }),
		parameters: (f) => ({ resource: 'alertNote', operation: 'create', alertId: rl(f.cbcIds[2]), note: V }),
		inputs: two('first', 'second'),
		failing: [0],
		error: { class: 'NodeApiError', message: /^Carbon Black Cloud answered 409 — CONFLICT: The alert was changed by another request$/, httpCode: '409', description: /run the node again/ },
		requests: 1,
	},
	{
		name: 'CBC: 429 that outlasts every retry',
		category: 'vendor errors',
		node: 'cbc',
		setup: (f) => fault(f, { match: { path: '/alerts/_search$' }, action: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 6 }),
		parameters: () => cbcSearch(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeApiError', message: /^Carbon Black Cloud answered 429 — TOO_MANY_REQUESTS/, httpCode: '429', description: /already waited and retried/ },
		requests: 6,
	},
	{
		name: 'CBC: 429 with a Retry-After longer than the node waits',
		category: 'vendor errors',
		node: 'cbc',
		setup: (f) => fault(f, { match: { path: '/alerts/_search$' }, action: 'status', status: 429, headers: { 'Retry-After': '3600' }, times: 1 }),
		parameters: () => cbcSearch(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeApiError', message: /answered 429/, httpCode: '429' },
		requests: 1,
		n8n1Skip: 'n8n 1.x hides response headers, so Retry-After is not seen and the node backs off and retries instead',
	},
	{
		name: 'CBC: 500 on a search',
		category: 'vendor errors',
		node: 'cbc',
		setup: (f) => fault(f, { match: { path: '/alerts/_search$' }, action: 'status', status: 500, times: 1 }),
		parameters: () => cbcSearch(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeApiError', message: /^Carbon Black Cloud answered 500 — INTERNAL_SERVER_ERROR: Internal Server Error$/, httpCode: '500', description: /try again later/ },
		requests: 1,
	},
	{
		name: 'CTA: 400 on a status change',
		category: 'vendor errors',
		node: 'cta',
		setup: (f) => fault(f, { match: { method: 'PATCH', path: '/status$' }, action: 'status', status: 400, body: { message: "'closingReasons' contains an unknown reason: Bogus" }, times: 1 }),
		parameters: (f) => ({ resource: 'alert', operation: 'updateStatus', alertId: rl(V), status: 'Open' }),
		inputs: (f) => [{ v: f.ctaIds[3] }, { v: f.ctaIds[4] }],
		failing: [0],
		error: { class: 'NodeApiError', message: /^Cisco Global Threat Alerts answered 400 — 'closingReasons' contains an unknown reason: Bogus$/, httpCode: '400' },
		requests: 1,
	},
	{
		name: 'CTA: 401 even with a fresh token',
		category: 'vendor errors',
		node: 'cta',
		setup: (f) => fault(f, { match: { path: '^/alert-management/' }, action: 'status', status: 401, body: { message: 'Unauthorized', error_description: 'invalid access token' }, times: 2 }),
		parameters: () => ctaGetAll(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeApiError', message: /^Cisco Global Threat Alerts answered 401 — Unauthorized: invalid access token$/, httpCode: '401', description: /even after fetching a new one/ },
		requests: 2,
	},
	{
		name: 'CTA: 404 alert gone',
		category: 'vendor errors',
		node: 'cta',
		parameters: () => ({ resource: 'alert', operation: 'deleteNote', alertId: rl(V) }),
		inputs: (f) => [{ v: 'gone-alert-0001' }, { v: f.ctaIds[5] }],
		failing: [0],
		error: { class: 'NodeApiError', message: /^The alert gone-alert-0001 no longer exists$/, httpCode: '404', description: /45 days/ },
		requests: 1,
	},
	{
		name: 'CTA: 409 conflict on a note',
		category: 'vendor errors',
		node: 'cta',
		setup: (f) => fault(f, { match: { method: 'PATCH', path: '/note$' }, action: 'status', status: 409, body: { code: 'conflict', message: 'The alert was recalculated meanwhile' }, times: 1 }),
		parameters: (f) => ({ resource: 'alert', operation: 'setNote', alertId: rl(f.ctaIds[6]), note: V }),
		inputs: two('a', 'b'),
		failing: [0],
		error: { class: 'NodeApiError', message: /^Cisco Global Threat Alerts answered 409 — conflict: The alert was recalculated meanwhile$/, httpCode: '409' },
		requests: 1,
	},
	{
		name: 'CTA: 429 that outlasts every retry',
		category: 'vendor errors',
		node: 'cta',
		setup: (f) => fault(f, { match: { path: '^/threat-detection/' }, action: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 6 }),
		parameters: () => ({ resource: 'threatDetection', operation: 'getAll', returnAll: false, limit: 3 }),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeApiError', message: /^Cisco Global Threat Alerts answered 429 — Too Many Requests$/, httpCode: '429', description: /already waited and retried/ },
		requests: 6,
	},
	{
		name: 'CTA: 500 on an event search',
		category: 'vendor errors',
		node: 'cta',
		setup: (f) => fault(f, { match: { path: '/events/search$' }, action: 'status', status: 500, times: 1 }),
		parameters: () => ({ resource: 'event', operation: 'search', returnAll: false, limit: 3 }),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeApiError', message: /^Cisco Global Threat Alerts answered 500 — Internal Server Error$/, httpCode: '500', description: /try again later/ },
		requests: 1,
	},

	// ---- replies that are not what the API sends ----
	{
		name: 'CBC: proxy HTML page with 200',
		category: 'replies',
		node: 'cbc',
		setup: (f) => fault(f, { match: { path: '/alerts/_search$' }, action: 'status', status: 200, body: HTML, headers: { 'content-type': 'text/html' }, times: 1 }),
		parameters: () => cbcSearch(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^Carbon Black Cloud did not answer with JSON$/, description: /Proxy login/ },
		requests: 1,
	},
	{
		name: 'CBC: HTML error page with 500',
		category: 'replies',
		node: 'cbc',
		setup: (f) => fault(f, { match: { path: '/alerts/_search$' }, action: 'status', status: 500, body: HTML, headers: { 'content-type': 'text/html' }, times: 1 }),
		parameters: () => cbcSearch(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeApiError', message: /^Carbon Black Cloud answered 500 — Proxy login$/, httpCode: '500', description: /try again later/ },
		requests: 1,
		// n8n 1.x keeps only JSON object bodies of failed requests, so the page title is not shown
		n8n1: { message: /^Carbon Black Cloud answered 500/, description: /try again later/ },
	},
	{
		name: 'CBC: JSON body cut off (200, complete HTTP message)',
		category: 'replies',
		node: 'cbc',
		setup: (f) => fault(f, { match: { path: '/alerts/_search$' }, action: 'status', status: 200, body: '{"num_found": 5, "results": [{"id": "ab', headers: { 'content-type': 'application/json' }, times: 1 }),
		parameters: () => cbcSearch(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^Carbon Black Cloud did not answer with JSON$/ },
		requests: 1,
	},
	{
		name: 'CBC: connection closed mid-body on a note create',
		category: 'replies',
		node: 'cbc',
		setup: (f) => fault(f, { match: { method: 'POST', path: '/notes$' }, action: 'truncate', times: 1 }),
		parameters: (f) => ({ resource: 'alertNote', operation: 'create', alertId: rl(f.cbcIds[2]), note: V }),
		inputs: two('one', 'two'),
		failing: [0],
		error: { class: 'NodeApiError', message: /^The reply from Carbon Black Cloud was cut off$/, description: /may have been made anyway/ },
		requests: 1,
	},
	{
		name: 'CBC: search reply without results',
		category: 'replies',
		node: 'cbc',
		setup: (f) => fault(f, { match: { path: '/alerts/_search$' }, action: 'status', status: 200, body: { status: 'ok' }, times: 1 }),
		parameters: () => cbcSearch(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^Carbon Black Cloud answered without a results list$/ },
		requests: 1,
	},
	{
		name: 'CTA: plain-text 200 reply',
		category: 'replies',
		node: 'cta',
		setup: (f) => fault(f, { match: { method: 'GET', path: '/alerts$' }, action: 'status', status: 200, body: 'OK', times: 1 }),
		parameters: () => ctaGetAll(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^Cisco Global Threat Alerts did not answer with JSON$/ },
		requests: 1,
	},
	{
		name: 'CTA: HTML page on a note change',
		category: 'replies',
		node: 'cta',
		setup: (f) => fault(f, { match: { method: 'PATCH', path: '/note$' }, action: 'status', status: 200, body: HTML, headers: { 'content-type': 'text/html' }, times: 1 }),
		parameters: (f) => ({ resource: 'alert', operation: 'setNote', alertId: rl(f.ctaIds[7]), note: V }),
		inputs: two('a', 'b'),
		failing: [0],
		error: { class: 'NodeOperationError', message: /^Cisco Global Threat Alerts did not answer with JSON$/ },
		requests: 1,
	},
	{
		name: 'CTA: JSON body cut off',
		category: 'replies',
		node: 'cta',
		setup: (f) => fault(f, { match: { method: 'GET', path: '/threat-detections$' }, action: 'status', status: 200, body: '{"items": [{"id": "td-1", "ri', headers: { 'content-type': 'application/json' }, times: 1 }),
		parameters: () => ({ resource: 'threatDetection', operation: 'getAll', returnAll: false, limit: 3 }),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^Cisco Global Threat Alerts did not answer with JSON$/ },
		requests: 1,
	},
	{
		name: 'CTA: connection closed mid-body on a status change',
		category: 'replies',
		node: 'cta',
		setup: (f) => fault(f, { match: { method: 'PATCH', path: '/status$' }, action: 'truncate', times: 1 }),
		parameters: () => ({ resource: 'alert', operation: 'updateStatus', alertId: rl(V), status: 'Open' }),
		inputs: (f) => [{ v: f.ctaIds[8] }, { v: f.ctaIds[9] }],
		failing: [0],
		error: { class: 'NodeApiError', message: /^The reply from Cisco Global Threat Alerts was cut off$/, description: /may have been made anyway/ },
		requests: 1,
	},
	{
		name: 'CTA: collection reply without items',
		category: 'replies',
		node: 'cta',
		setup: (f) => fault(f, { match: { method: 'GET', path: '/alerts$' }, action: 'status', status: 200, body: { data: [] }, times: 1 }),
		parameters: () => ctaGetAll(),
		inputs: () => [{}, {}],
		failing: [0],
		error: { class: 'NodeOperationError', message: /^Cisco Global Threat Alerts answered without an items list$/ },
		requests: 1,
	},
];

export async function fixtures(sb: SandboxHandle): Promise<Fixtures> {
	const alerts = await someAlerts(sb, 5);
	const ctaAlerts = await listing(sb, 'alerts');
	return {
		sb,
		cbcIds: alerts.map((a) => a.id),
		cbcThreat: alerts[0].threat_id,
		cbcDevice: alerts[0].device_id,
		ctaIds: ctaAlerts.slice(0, 20).map((a) => a.id),
		scratch: {},
	};
}

/** Runs one case with a fresh credential store; returns the run and the vendor requests it made. */
export async function runCase(f: Fixtures, c: BadInputCase, continueOnFail: boolean, credentialOverrides: Json = {}) {
	const helper = new HarnessCredentialsHelper();
	await f.sb.clearFaults();
	await c.setup?.(f);
	const overrides = { ...credentialOverrides, ...(c.credentials?.(f) ?? {}) };
	const credentials = c.node === 'cbc' ? cbcCredentials(helper, f.sb.url, overrides) : ctaCredentials(helper, f.sb.url, overrides);
	await f.sb.mark();
	const spec: NodeSpec = {
		type: c.node === 'cbc' ? 'carbonBlackCloud' : 'ciscoGlobalThreatAlerts',
		parameters: c.parameters(f),
		credentials,
		continueOnFail,
	};
	const inputs = c.inputs?.(f) ?? [{}];
	const result = await runNode(helper, spec, inputs);
	const requests = (await f.sb.requestsSinceMark()).filter((r) => r.route !== TOKEN_ROUTE);
	await f.sb.clearFaults();
	return { result, requests, inputs, helper };
}

