// Runs every operation of both nodes, both triggers and every case of the bad-input table with
// recognisable secret values, and checks that none of them (nor the access tokens n8n fetched)
// ever shows up in output items, errors (message, description, stack, context, cause, response
// body), the run data, the triggers' static data, console / stdout / stderr, n8n's logger or the
// simulator's request log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import * as workflowLib from 'n8n-workflow';

import type { NodeSpec, RunResult } from '../harness/engine.mts';
import { cbcCredentials, ctaCredentials, HarnessCredentialsHelper, pollOnce, runNode } from '../harness/engine.mts';
import type { Json, SandboxHandle } from '../harness/sandbox.mts';
import { sandbox } from '../harness/sandbox.mts';
import { listing } from '../nodes/CiscoGlobalThreatAlerts/helpers.mts';
import { CASES, fixtures, runCase } from './bad-input.cases.mts';

const CBC_ID = 'S3CR3T-CBC-ID-7F3A21';
const CBC_SECRET = 'S3CR3T-CBC-KEY-9d2e41c7b0';
const CTA_CLIENT = 'S3CR3T-CTA-CLIENT-5b1c';
const CTA_PASSWORD = 'S3CR3T-CTA-PASS-8e7f03aa';

const CSP_CLIENT = 'S3CR3T-CSP-CLIENT-2c9d';
const CSP_CLIENT_SECRET = 'S3CR3T-CSP-SECRET-61fa0b9e';
const CSP_API_TOKEN = 'S3CR3T-CSP-APITOKEN-d04b77a1c3';
const CSP_WRONG = 'S3CR3T-CSP-WRONG-aa11bb22';

const CBC_SECRETS = { apiId: CBC_ID, apiSecretKey: CBC_SECRET };
const CTA_SECRETS = { clientId: CTA_CLIENT, clientPassword: CTA_PASSWORD };

/** Every string reachable from a value: own properties (enumerable or not), causes, bodies, stacks. */
function strings(value: unknown, out: string[] = [], seen = new Set<unknown>(), depth = 0): string[] {
	if (typeof value === 'string') {
		out.push(value);
		return out;
	}
	if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return out;
	if (typeof value !== 'object' && typeof value !== 'function') return out;
	if (seen.has(value) || depth > 14) return out;
	seen.add(value);
	if (value instanceof Map) value = Object.fromEntries(value);
	for (const key of Object.getOwnPropertyNames(value)) {
		let child: unknown;
		try {
			child = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		out.push(key);
		strings(child, out, seen, depth + 1);
	}
	return out;
}

/** Captures console, stdout/stderr and n8n's LoggerProxy while `fn` runs. */
async function capture<T>(log: string[], fn: () => Promise<T>): Promise<T> {
	const { stdout, stderr } = process;
	const writes = [stdout.write, stderr.write];
	const tee = (stream: NodeJS.WriteStream, original: typeof stdout.write) =>
		function (this: unknown, chunk: unknown, ...rest: unknown[]) {
			log.push(String(chunk));
			return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
		} as typeof stdout.write;
	stdout.write = tee(stdout, writes[0]);
	stderr.write = tee(stderr, writes[1]);
	const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
	const originals = methods.map((m) => console[m]);
	for (const m of methods) console[m] = (...args: unknown[]) => log.push(args.map((a) => strings(a).join(' ')).join(' '));
	try {
		return await fn();
	} finally {
		stdout.write = writes[0];
		stderr.write = writes[1];
		methods.forEach((m, i) => (console[m] = originals[i]));
	}
}

describe('Secrets never leak', () => {
	let sb: SandboxHandle;
	/** `data` places hold what the vendor returned, which may name the acting API ID / client. */
	const haystack: Array<{ where: string; text: string; data: boolean }> = [];
	const tokens = new Set<string>();
	const log: string[] = [];
	let counts = { operations: 0, failures: 0, polls: 0 };

	const keep = (where: string, value: unknown, data = false) => haystack.push({ where, text: strings(value).join('\n'), data });
	const keepRun = (where: string, result: RunResult) => {
		keep(`${where}: items`, result.items.map((item) => item.json), true);
		keep(`${where}: run data`, result.run?.data, true);
		keep(`${where}: error`, result.error);
		for (const item of result.items) if (item.error) keep(`${where}: item error`, item.error);
	};
	const remember = (helper: HarnessCredentialsHelper) => {
		for (const entry of helper.store.values()) if (entry.data.accessToken) tokens.add(String(entry.data.accessToken));
	};

	before(async () => {
		sb = await sandbox({ cbcAlerts: 300, ctaAlerts: 60, ctaEvents: 60, ctaFlowsPerEvent: 1 });
		await sb.control('POST', '/cbc/keys', { apiId: CBC_ID, apiSecret: CBC_SECRET, access: 'full' });
		await sb.control('POST', '/cta/clients', { clientId: CTA_CLIENT, clientPassword: CTA_PASSWORD });
		await sb.control('POST', '/cbc/csp/clients', { clientId: CSP_CLIENT, clientSecret: CSP_CLIENT_SECRET });
		await sb.control('POST', '/cbc/csp/api-tokens', { id: 'secrets-test-token', apiToken: CSP_API_TOKEN });
		// n8n's own logger (core and workflow code log through LoggerProxy).
		const logger = Object.fromEntries(
			['error', 'warn', 'info', 'debug', 'verbose'].map((level) => [level, (message: string, meta?: unknown) => log.push(`${level} ${message} ${strings(meta).join(' ')}`)]),
		);
		(workflowLib as unknown as { LoggerProxy: { init(l: unknown): void } }).LoggerProxy.init(logger);
	});
	after(async () => sb.close());

	it('runs every operation of both nodes with secret credentials', async () => {
		const cbcHelper = new HarnessCredentialsHelper();
		const cbc = cbcCredentials(cbcHelper, sb.url, CBC_SECRETS);
		const ctaHelper = new HarnessCredentialsHelper();
		const cta = ctaCredentials(ctaHelper, sb.url, CTA_SECRETS);
		const run = async (node: 'cbc' | 'cta', resource: string, operation: string, parameters: Json, inputs?: Json[]) => {
			const spec: NodeSpec =
				node === 'cbc'
					? { type: 'carbonBlackCloud', parameters: { resource, operation, ...parameters }, credentials: cbc }
					: { type: 'ciscoGlobalThreatAlerts', parameters: { resource, operation, ...parameters }, credentials: cta };
			const result = await capture(log, () => runNode(node === 'cbc' ? cbcHelper : ctaHelper, spec, inputs));
			keepRun(`${node} ${resource}.${operation}`, result);
			remember(node === 'cbc' ? cbcHelper : ctaHelper);
			assert.equal(result.error, undefined, `${node} ${resource}.${operation}: ${result.error?.message}`);
			counts.operations++;
			return result.items.map((i) => i.json);
		};
		const rl = (value: string) => ({ __rl: true, mode: 'id', value });

		// Carbon Black Cloud
		const [alert] = await run('cbc', 'alert', 'search', { limit: 3 });
		const threatId = String(alert.threat_id);
		await run('cbc', 'alert', 'get', { alertId: rl(alert.id) });
		await run('cbc', 'alert', 'get', { alertId: rl('={{ $json.id }}') }, [{ id: alert.id }, { id: alert.id }]);
		await run('cbc', 'alert', 'facet', { facetFields: ['type', 'device_os'] });
		await run('cbc', 'alert', 'histogram', { histogramField: 'LAST_EVENT_TIMESTAMP', bucketQuantity: 2, bucketUnit: 'DAY', minCount: 1, range: '-2w' });
		await run('cbc', 'alert', 'validate', { query: 'device_os:WINDOWS' });
		await run('cbc', 'alert', 'getSearchSuggestions', { suggestionQuery: 'devi', count: 4 });
		await run('cbc', 'alert', 'getHistory', { alertId: rl(alert.id) });
		const [update] = await run('cbc', 'alert', 'updateWorkflow', { target: 'alertIds', alertId: rl(alert.id), status: 'IN_PROGRESS', options: { waitForCompletion: false } });
		const jobId = String(update.request_id);
		await run('cbc', 'job', 'waitForCompletion', { jobId, timeout: 30 });
		await run('cbc', 'job', 'get', { jobId });
		await run('cbc', 'job', 'getProgress', { jobId });
		const [note] = await run('cbc', 'alertNote', 'create', { alertId: rl(alert.id), note: 'secrets test' });
		await run('cbc', 'alertNote', 'getAll', { alertId: rl(alert.id) });
		await run('cbc', 'alertNote', 'deleteNote', { alertId: rl(alert.id), noteId: note.id });
		await run('cbc', 'groupedAlert', 'search', { limit: 3 });
		await run('cbc', 'groupedAlert', 'facet', { facetFields: ['type'], facetRows: 10 });
		await run('cbc', 'groupedAlert', 'histogram', { bucketQuantity: 1, bucketUnit: 'DAY' });
		await run('cbc', 'threat', 'getHistory', { threatId });
		const [threatNote] = await run('cbc', 'threatNote', 'create', { threatId, note: 'threat note' });
		await run('cbc', 'threatNote', 'getAll', { threatId });
		await run('cbc', 'threatNote', 'deleteNote', { threatId, noteId: threatNote.id });
		await run('cbc', 'threatTag', 'add', { threatId, tags: 'escalated, secrets-test' });
		await run('cbc', 'threatTag', 'getAll', { threatId });
		await run('cbc', 'threatTag', 'remove', { threatId, tag: 'secrets-test' });
		const [withDevice] = (await run('cbc', 'alert', 'search', { limit: 20 })).filter((a) => Number(a.device_id) > 0);
		const device = { __rl: true, mode: 'id', value: String(withDevice.device_id) };
		await run('cbc', 'device', 'search', { limit: 3, filters: { os: ['WINDOWS'] } });
		await run('cbc', 'device', 'get', { deviceId: device });
		await run('cbc', 'device', 'quarantine', { deviceId: device, options: { waitForConfirmation: true, confirmTimeout: 30 } });
		await run('cbc', 'device', 'releaseQuarantine', { deviceId: device });
		await run('cbc', 'alert', 'getObservations', { alertId: rl(withDevice.id), limit: 5 });
		const [legacy] = await run('cbc', 'legacyAlert', 'search', { pathway: 'all', limit: 3, timeRange: 'any' });
		await run('cbc', 'legacyAlert', 'facet', { pathway: 'all', facetFields: ['ALERT_TYPE'], timeRange: 'any' });
		await run('cbc', 'legacyAlert', 'get', { alertId: rl(String(legacy.id)) });
		await run('cbc', 'legacyAlert', 'getSearchSuggestions', { suggestionQuery: 'device' });
		await run('cbc', 'legacyAlert', 'updateWorkflow', { alertId: rl(String(legacy.id)), state: 'DISMISSED' });
		const [bulk] = await run('cbc', 'legacyAlert', 'bulkUpdateWorkflow', { pathway: 'all', state: 'DISMISSED', query: 'device_os:LINUX', range: '-1w', options: { timeout: 30 } });
		await run('cbc', 'legacyAlert', 'getWorkflowStatus', { requestId: bulk.request_id });

		// Cisco Global Threat Alerts
		const ctaAlerts = await run('cta', 'alert', 'getAll', { limit: 3 });
		const ids = ctaAlerts.map((a) => String(a.id));
		await run('cta', 'alert', 'get', { alertId: rl(ids[0]) });
		await run('cta', 'alert', 'get', { alertId: rl('={{ $json.id }}') }, ids.map((id) => ({ id })));
		await run('cta', 'alert', 'getAllByIds', { alertIds: ids.join(', ') });
		await run('cta', 'alert', 'updateStatus', { alertId: rl(ids[0]), status: 'Open' });
		await run('cta', 'alert', 'setNote', { alertId: rl(ids[0]), note: 'secrets test' });
		await run('cta', 'alert', 'deleteNote', { alertId: rl(ids[0]) });
		await run('cta', 'event', 'getAll', { limit: 3 });
		await run('cta', 'event', 'getAllWithThreatDetectionIds', { limit: 3 });
		await run('cta', 'event', 'search', { limit: 3 });
		await run('cta', 'flow', 'search', { limit: 3 });
		await run('cta', 'securityAnnotation', 'exportAnnotations', { limit: 3 });
		await run('cta', 'threatDetection', 'getAll', { limit: 3 });
		await run('cta', 'threatDetection', 'searchWithAlertIds', { limit: 3 });
		// A token that expired mid-way is refreshed, the new one must not leak either.
		await sb.control('POST', '/cta/tokens/expire', {});
		await run('cta', 'alert', 'getAll', { returnAll: true, options: { pageSize: 20 } });
		assert.ok(tokens.size >= 2, 'a token, and a new one after the expiry');
		assert.ok(counts.operations >= 44, `${counts.operations} operations`);
	});

	it('signs in through CSP (OAuth app, API token): reads, a refresh after expiry, refusals, the trigger', async () => {
		const kinds = [
			{ authentication: 'cspOAuthApp', type: 'carbonBlackCloudCspOAuthApi', good: { clientId: CSP_CLIENT, clientSecret: CSP_CLIENT_SECRET }, bad: { clientId: CSP_CLIENT, clientSecret: CSP_WRONG } },
			{ authentication: 'cspApiToken', type: 'carbonBlackCloudCspApiTokenApi', good: { apiToken: CSP_API_TOKEN }, bad: { apiToken: CSP_WRONG } },
		];
		for (const kind of kinds) {
			for (const [label, secrets] of [['good', kind.good], ['bad', kind.bad]] as const) {
				const helper = new HarnessCredentialsHelper();
				helper.set('csp', kind.type, { environment: 'custom', customUrl: sb.url, cspUrl: sb.url, orgKey: 'ABCD1234', ...secrets });
				const spec = (parameters: Json): NodeSpec => ({ type: 'carbonBlackCloud', typeVersion: 1.2, parameters: { authentication: kind.authentication, output: 'raw', ...parameters }, credentials: { [kind.type]: 'csp' } });
				const run = async (parameters: Json) => {
					const result = await capture(log, () => runNode(helper, spec(parameters)));
					keepRun(`cbc ${kind.authentication} (${label}) ${parameters.resource}.${parameters.operation}`, result);
					remember(helper);
					if (label === 'good') {
						assert.equal(result.error, undefined, `${kind.authentication}: ${result.error?.message}`);
						counts.operations++;
					} else {
						assert.match(String(result.error?.message), /Cloud Services Platform .* refused the/);
						counts.failures++;
					}
					return result.items.map((i) => i.json);
				};
				const [alert] = await run({ resource: 'alert', operation: 'search', limit: 2, rangePreset: '-1M' });
				if (label === 'bad') continue;
				await sb.control('POST', '/cbc/csp/tokens/expire');
				await run({ resource: 'alert', operation: 'get', alertId: { __rl: true, mode: 'id', value: alert.id } });
				const { items, staticData } = await capture(log, () =>
					pollOnce(helper, { type: 'carbonBlackCloudTrigger', typeVersion: 1.1, parameters: { authentication: kind.authentication, event: 'alertCreated' }, credentials: { [kind.type]: 'csp' } }, { mode: 'manual' }),
				);
				keep(`cbc ${kind.authentication} trigger items`, items, true);
				keep(`cbc ${kind.authentication} trigger static data`, staticData);
				counts.polls++;
			}
		}
		assert.ok(tokens.size >= 6, `CSP access tokens seen: ${tokens.size}`);
	});

	it('polls both triggers (every event, baseline, emit, manual, failure) with secret credentials', async () => {
		const cbcHelper = new HarnessCredentialsHelper();
		const cbc = cbcCredentials(cbcHelper, sb.url, CBC_SECRETS);
		const ctaHelper = new HarnessCredentialsHelper();
		const cta = ctaCredentials(ctaHelper, sb.url, CTA_SECRETS);
		const poll = async (spec: NodeSpec, staticData?: Json, mode: 'trigger' | 'manual' = 'trigger') => {
			try {
				const result = await capture(log, () => pollOnce(spec.type.startsWith('carbon') ? cbcHelper : ctaHelper, spec, { staticData, mode }));
				keep(`${spec.type} ${spec.parameters.event} items`, result.items, true);
				keep(`${spec.type} ${spec.parameters.event} static data`, result.staticData);
				counts.polls++;
				remember(ctaHelper);
				return result;
			} catch (error) {
				keep(`${spec.type} ${spec.parameters.event} poll error`, error);
				counts.polls++;
				return { items: null, staticData: staticData ?? {}, error };
			}
		};
		for (const event of ['alertCreated', 'alertUpdated']) {
			const spec: NodeSpec = { type: 'carbonBlackCloudTrigger', parameters: { event, options: { settleSeconds: 0 } }, credentials: cbc };
			const base = await poll(spec);
			await new Promise((r) => setTimeout(r, 5));
			await sb.control('POST', '/cbc/alerts', { count: 3 });
			const next = await poll(spec, base.staticData);
			assert.ok(next.items?.length, `${event} emits`);
			await poll(spec, undefined, 'manual');
			await sb.faults([{ match: { vendor: 'cbc' }, action: 'status', status: 401, times: 2 }]);
			assert.ok((await poll(spec, next.staticData)).error, 'a failed poll throws');
		}
		for (const event of ['newAlert', 'modifiedAlert', 'event', 'threatDetection', 'securityAnnotation']) {
			const spec: NodeSpec = { type: 'ciscoGlobalThreatAlertsTrigger', parameters: { event, options: {} }, credentials: cta };
			const base = await poll(spec);
			await sb.control('POST', '/cta/alerts', { count: 1, eventsPerDetection: 1, flowsPerEvent: 0 });
			const next = await poll(spec, base.staticData);
			assert.ok(next.items?.length, `${event} emits`);
			await poll(spec, undefined, 'manual');
			await sb.control('POST', '/cta/tokens/expire', {});
			await sb.faults([{ match: { vendor: 'cta' }, action: 'status', status: 500, times: 1 }]);
			assert.ok((await poll(spec, next.staticData)).error, 'a failed poll throws');
		}
		remember(ctaHelper);
	});

	it('fails every bad-input case with secret credentials', async () => {
		const f = await fixtures(sb);
		const before = counts.failures;
		for (const c of CASES) {
			for (const continueOnFail of [false, true]) {
				const { result, helper } = await capture(log, () => runCase(f, c, continueOnFail, c.node === 'cbc' ? CBC_SECRETS : CTA_SECRETS));
				remember(helper);
				keepRun(`case ${c.name}${continueOnFail ? ' (continueOnFail)' : ''}`, result);
				counts.failures++;
			}
		}
		assert.equal(counts.failures - before, CASES.length * 2);
	});

	it('no secret value in any output, error, run data, static data, log or request log', async () => {
		const requests: Json[] = [];
		for (let since = 0; ; ) {
			const page = await sb.control('GET', `/requests?since=${since}&limit=5000`);
			if (!page.requests.length) break;
			requests.push(...page.requests);
			since = page.requests[page.requests.length - 1].seq;
		}
		keep('simulator request log', requests);
		keep('captured console, stdout, stderr and n8n logger', log);

		const needles = new Map<string, string>();
		for (const value of [CBC_SECRET, CTA_PASSWORD, CSP_CLIENT_SECRET, CSP_API_TOKEN, CSP_WRONG]) needles.set(value, value);
		needles.set('CSP OAuth app Basic auth', Buffer.from(`${CSP_CLIENT}:${CSP_CLIENT_SECRET}`).toString('base64'));
		// The API ID and client ID are identifiers, not passwords: Carbon Black records the acting
		// API ID as note author / workflow changed_by, so vendor data may name it. Errors, logs and
		// state must not.
		const identifiers = new Map([
			[CBC_ID, CBC_ID],
			[CTA_CLIENT, CTA_CLIENT],
		]);
		needles.set('CBC X-Auth-Token', `${CBC_SECRET}/${CBC_ID}`);
		needles.set('CTA Basic auth', Buffer.from(`${CTA_CLIENT}:${CTA_PASSWORD}`).toString('base64'));
		// Also every wrong secret the table puts in credentials, and every access token n8n fetched.
		for (const c of CASES) {
			const creds = c.credentials?.({ sb, cbcIds: [], cbcThreat: '', cbcDevice: 0, ctaIds: [], scratch: {} }) ?? {};
			for (const key of ['apiSecretKey', 'clientPassword']) if (typeof creds[key] === 'string' && creds[key].length >= 8) needles.set(`${c.name}: ${key}`, creds[key]);
		}
		for (const token of tokens) needles.set(`access token ${token.slice(0, 6)}…`, token);

		const leaks: string[] = [];
		for (const { where, text, data } of haystack) {
			for (const [label, needle] of needles) if (text.includes(needle)) leaks.push(`${label} in ${where}`);
			if (!data) for (const [label, needle] of identifiers) if (text.includes(needle)) leaks.push(`${label} in ${where}`);
		}
		console.log(JSON.stringify({ ...counts, places: haystack.length, needles: needles.size, logLines: log.length, requests: requests.length }));
		assert.deepEqual(leaks, []);
		assert.ok(counts.operations >= 44 && counts.polls >= 28 && counts.failures >= 80);
		// The check can fail: the scan finds the API ID where Carbon Black echoes it (note authors).
		assert.ok(haystack.some(({ data, text }) => data && text.includes(CBC_ID)));
		assert.ok(strings(new Error(`x ${CBC_SECRET}`)).join('\n').includes(CBC_SECRET), 'error messages are scanned');
		if (process.env.SECRETS_DEBUG) console.log(log.slice(0, 40).join('\n---\n'));
	});
});
