// End-to-end suite against a real n8n 2.41.1 with our package installed as a community package
// and the API simulator as the vendor backend. Run through test/e2e/run.mts (`npm run test:e2e`).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	clickText,
	launchBrowser,
	signIn,
	textPresent,
	type BrowserSession,
} from './lib/browser.mts';
import {
	builtCredentialTypes,
	builtNodeTypes,
	CBC_CREDENTIAL_ID,
	CBC_CREDENTIAL_NAME,
	CBC_CSP_OAUTH_CREDENTIAL_ID,
	CBC_CSP_OAUTH_CREDENTIAL_NAME,
	CBC_CSP_TOKEN_CREDENTIAL_ID,
	CBC_CSP_TOKEN_CREDENTIAL_NAME,
	cbcCredentialData,
	cbcCspCredentialData,
	CTA_CREDENTIAL_ID,
	CTA_CREDENTIAL_NAME,
	ctaCredentialData,
	declaredNodeFiles,
	E2E_OWNER,
	e2eWorkflows,
	optionNames,
	parameterLabels,
	sandboxCredentials,
	workflowsUsingBuiltNodes,
	type BuiltNodeType,
	type WorkflowJson,
} from './lib/fixtures.mts';
import { executionError, N8n, nodeItems, RestClient } from './lib/n8n.mts';
import {
	ARTIFACTS_DIR,
	findChromium,
	PACKAGE_NAME,
	RUNTIME_DIR,
	SCREENSHOTS_DIR,
} from './lib/paths.mts';
import { sleep, tail, waitFor } from './lib/proc.mts';
import { sandboxAvailable, startSandboxProcess, type SandboxHandle } from './lib/sandbox.mts';

const RUN_DIR = join(ARTIFACTS_DIR, 'last-run');
const SHOT_DIR = join(RUN_DIR, 'screenshots');
const UPDATE_SCREENSHOTS = process.env.E2E_UPDATE_SCREENSHOTS === '1';

const CBC_WORKFLOW = 'e2eCbcSearchGet1';
const CTA_WORKFLOW = 'e2eCtaGetAllPage';
const CBC_TRIGGER_WORKFLOW = 'e2eCbcTrigger001';
const CTA_TRIGGER_WORKFLOW = 'e2eCtaTrigger001';

let sandbox: SandboxHandle | undefined;
let n8n: N8n;
let rest: RestClient;
let nodeTypes: BuiltNodeType[] = [];
let imported: WorkflowJson[] = [];
const importedIds = () => new Set(imported.map((w) => w.id));

function countRoute(
	stats: { byRoute: Record<string, number> },
	method: string,
	pattern: RegExp,
): number {
	return Object.entries(stats.byRoute)
		.filter(
			([label]) => label.startsWith(`${method} `) && pattern.test(label.slice(method.length + 1)),
		)
		.reduce((sum, [, n]) => sum + n, 0);
}

function describeFailure(res: { code: number | null; stdout: string; stderr: string }): string {
	return `exit ${res.code}\n${tail(res.stdout, 30)}\n${tail(res.stderr, 15)}`;
}

// With a --grep that matches nothing here, node:test may start the root `after` while `before`
// is still running: teardown waits for setup so no process outlives the file.
let setup: Promise<void> | undefined;

async function setUp(): Promise<void> {
	assert.ok(sandboxAvailable(), 'sandbox/main.mts is missing');
	rmSync(RUN_DIR, { recursive: true, force: true });
	mkdirSync(RUN_DIR, { recursive: true });
	sandbox = await startSandboxProcess({ seed: 42, logFile: join(RUN_DIR, 'sandbox.log') });
	n8n = new N8n({ userFolder: join(RUN_DIR, 'n8n-user'), logDir: RUN_DIR });
	nodeTypes = builtNodeTypes();
	n8n.installPackage();
	await n8n.importCredentials(sandboxCredentials(sandbox.url));
	const built = new Set(nodeTypes.map((t) => t.type));
	imported = workflowsUsingBuiltNodes(e2eWorkflows(), built);
	assert.deepEqual(
		imported.map((w) => w.id).sort(),
		e2eWorkflows()
			.map((w) => w.id)
			.sort(),
		'every e2e workflow uses only node types that were built and loaded from dist/',
	);
	await n8n.importWorkflows(imported);
}

before(() => {
	setup = setUp();
	return setup;
});

after(async () => {
	await setup?.catch(() => undefined);
	await n8n?.stop();
	await sandbox?.stop();
});

describe('n8n execute (CLI, our package installed as a community package)', () => {
	it('Carbon Black Cloud: Search (limit 5) then Get each alert by the id from the previous item', async () => {
		await sandbox!.resetStats();
		const res = await n8n.execute(CBC_WORKFLOW);
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const out = res.json!;
		const found = nodeItems(out, 'Search Alerts');
		const got = nodeItems(out, 'Get Alert');
		assert.equal(found.length, 5, 'Search returns exactly Limit alerts');
		assert.equal(got.length, 5, 'Get runs once per input item');
		assert.deepEqual(
			got.map((a) => a.id),
			found.map((a) => a.id),
			'each Get returns the alert whose id the Search item carried, in order',
		);
		for (const a of got) {
			assert.equal(typeof a.id, 'string');
			assert.equal(a.org_key, 'ABCD1234', 'Get (Output: Raw) returns every field');
		}
		// node version 1.2: Search's Output defaults to Simplified (at most 10 fields, values unchanged)
		for (const [index, a] of found.entries()) {
			assert.ok(Object.keys(a).length <= 10, `Search is simplified: ${Object.keys(a).join(', ')}`);
			assert.equal(a.org_key, undefined);
			assert.equal(a.severity, got[index].severity);
			assert.deepEqual(a.workflow, got[index].workflow);
		}
		const stats = await sandbox!.stats();
		const searches = countRoute(stats, 'POST', /\/alerts\/_search$/);
		const gets = countRoute(stats, 'GET', /\/alerts\/\{[^}]+\}$/);
		const routes = JSON.stringify(stats.byRoute);
		// Search reads one page; Get reads the five alerts either one by one or as one batched id search
		assert.ok(searches >= 1, `Search called the alert search API; got ${routes}`);
		assert.ok(gets + (searches - 1) >= 1, `Get read the alerts from the API; got ${routes}`);
		assert.ok(stats.total <= 6, `at most one request per alert plus the search; got ${routes}`);
	});

	it('Cisco Global Threat Alerts: Get Many (Return All, page size 10) fetches one token for many pages', async () => {
		await sandbox!.resetStats();
		const res = await n8n.execute(CTA_WORKFLOW);
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const alerts = nodeItems(res.json!, 'Get Many Alerts');
		const stats = await sandbox!.stats();
		const pages = countRoute(stats, 'GET', /\/alert-management\/customer\/\{[^}]+\}\/alerts$/);
		const tokens = countRoute(stats, 'POST', /^\/iroh\/oauth2\/token$/);
		assert.ok(alerts.length > 20, `expected more than two pages of alerts, got ${alerts.length}`);
		assert.equal(
			new Set(alerts.map((a) => a.id)).size,
			alerts.length,
			'no alert is returned twice',
		);
		assert.ok(
			pages >= Math.ceil(alerts.length / 10),
			`one request per page of 10 (pages=${pages}, alerts=${alerts.length})`,
		);
		assert.equal(
			tokens,
			1,
			`one token request for ${pages} page requests; stats ${JSON.stringify(stats.byRoute)}`,
		);
	});
});

describe('n8n execute: Carbon Black Cloud devices', () => {
	it('Device: Search → Get → bypass on/off → background scan on/off → quarantine → release, each confirmed', async () => {
		await sandbox!.resetStats();
		const res = await n8n.execute('e2eCbcDevices01');
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const out = res.json!;
		const found = nodeItems(out, 'Search Devices');
		assert.equal(found.length, 3);
		assert.ok(found.every((d) => d.os === 'WINDOWS'));
		const got = nodeItems(out, 'Get Device');
		assert.deepEqual(
			got.map((d) => d.id),
			found.map((d) => d.id),
		);
		const expected: Array<[string, Record<string, unknown>]> = [
			['Enable Bypass', { action_type: 'BYPASS', toggle: 'ON' }],
			['Disable Bypass', { action_type: 'BYPASS', toggle: 'OFF' }],
			['Start Background Scan', { action_type: 'BACKGROUND_SCAN', toggle: 'ON' }],
			['Stop Background Scan', { action_type: 'BACKGROUND_SCAN', toggle: 'OFF' }],
			['Quarantine', { action_type: 'QUARANTINE', toggle: 'ON', quarantined: true }],
			['Release From Quarantine', { action_type: 'QUARANTINE', toggle: 'OFF', quarantined: false }],
		];
		for (const [name, fields] of expected) {
			const items = nodeItems(out, name);
			assert.equal(items.length, 3, name);
			for (const [index, item] of items.entries()) {
				assert.equal(item.device_id, found[index].id, `${name} is paired to its device`);
				assert.equal(item.confirmed, true, `${name}: ${JSON.stringify(item)}`);
				for (const [key, value] of Object.entries(fields)) assert.equal(item[key], value, `${name}.${key}`);
			}
		}
		const stats = await sandbox!.stats();
		assert.equal(
			countRoute(stats, 'POST', /\/device_actions$/),
			6,
			`one request per action for the 3 devices: ${JSON.stringify(stats.byRoute)}`,
		);
	});
});

describe('n8n execute: triage chains and the annotation export', () => {
	it('Carbon Black Cloud: Search → Add Note → Update Workflow (wait) → Get closes the alerts', async () => {
		await sandbox!.resetStats();
		const res = await n8n.execute('e2eCbcTriage01');
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const found = nodeItems(res.json!, 'Search Open Alerts');
		const notes = nodeItems(res.json!, 'Add Note');
		const closed = nodeItems(res.json!, 'Close Alerts');
		const got = nodeItems(res.json!, 'Get Alert');
		assert.equal(found.length, 3);
		assert.deepEqual(
			notes.map((n) => n.alert_id),
			found.map((a) => a.id),
		);
		assert.ok(notes.every((n) => n.note === 'Triaged by n8n e2e' && n.id));
		assert.equal(closed.length, 3);
		assert.ok(
			closed.every((c) => c.job_status === 'COMPLETED'),
			JSON.stringify(closed),
		);
		assert.deepEqual(
			got.map((a) => a.id),
			found.map((a) => a.id),
		);
		for (const alert of got) {
			assert.equal(alert.workflow.status, 'CLOSED');
			assert.equal(alert.workflow.closure_reason, 'RESOLVED');
			assert.equal(alert.determination.value, 'TRUE_POSITIVE');
		}
		const stats = await sandbox!.stats();
		assert.equal(
			countRoute(stats, 'POST', /\/alerts\/workflow$/),
			1,
			'three items, one bulk workflow request',
		);
	});

	it('Cisco Global Threat Alerts: Get Many → Update Status → Set Note → Get', async () => {
		await sandbox!.resetStats();
		const res = await n8n.execute('e2eCtaTriage01');
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const listed = nodeItems(res.json!, 'Get Many Alerts');
		const got = nodeItems(res.json!, 'Get Alert');
		assert.equal(listed.length, 3);
		assert.deepEqual(
			got.map((a) => a.id),
			listed.map((a) => a.id),
		);
		for (const alert of got) {
			assert.equal(alert.status.value, 'Open');
			assert.equal(alert.note, 'Investigating (n8n e2e)');
		}
		// every alert really went through both writes, whatever its status was before
		const stats = await sandbox!.stats();
		assert.equal(countRoute(stats, 'PATCH', /\/alerts\/\{alertId\}\/status$/), 3);
		assert.equal(countRoute(stats, 'PATCH', /\/alerts\/\{alertId\}\/note$/), 3);
	});

	it('Cisco Global Threat Alerts: Security Annotation export joins events to detections and alerts', async () => {
		await sandbox!.resetStats();
		const res = await n8n.execute('e2eCtaAnnot001');
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const events = nodeItems(res.json!, 'Export Annotations');
		assert.equal(events.length, 200);
		const convicting = events.filter((e) => e.annotationType === 'convicting');
		assert.ok(convicting.length > 0, 'some convicting events');
		assert.ok(
			convicting.every((e) => e.threatDetections.length > 0 && e.alerts.length > 0),
			'convicting events carry detections and alerts',
		);
		assert.ok(
			events.filter((e) => e.annotationType === 'contextual').every((e) => e.alerts.length === 0),
		);
		assert.ok(events.at(-1)!._endCursor, 'the end cursor is in the output');
		const stats = await sandbox!.stats();
		assert.ok(
			stats.total <= 12,
			`bulk loads, not one request per event: ${JSON.stringify(stats.byRoute)}`,
		);
	});
});

describe('n8n start (REST API and editor)', () => {
	before(async () => {
		for (const id of [CBC_TRIGGER_WORKFLOW, CTA_TRIGGER_WORKFLOW]) {
			if (importedIds().has(id)) await n8n.publish(id);
		}
		await sandbox!.resetStats();
		await n8n.start();
		rest = new RestClient(n8n.baseUrl);
		await rest.setupOrLogin(E2E_OWNER);
	});

	it('loads every built node type (with a Tool variant for action nodes) and both credential types', async () => {
		const types = await rest.request<Array<{ name: string; displayName: string }>>(
			'GET',
			'/types/nodes.json',
		);
		const loaded = new Set(types.map((t) => t.name));
		assert.equal(
			nodeTypes.length,
			4,
			`expected the 4 node types of package.json, found ${nodeTypes.map((t) => t.type)}`,
		);
		for (const t of nodeTypes) {
			assert.ok(loaded.has(t.type), `${t.type} is loaded`);
			if (t.usableAsTool) assert.ok(loaded.has(`${t.type}Tool`), `${t.type}Tool is loaded`);
			if (t.isTrigger)
				assert.ok(!loaded.has(`${t.type}Tool`), `trigger ${t.type} has no Tool variant`);
		}
		for (const required of [
			'carbonBlackCloud',
			'carbonBlackCloudTrigger',
			'ciscoGlobalThreatAlerts',
			'ciscoGlobalThreatAlertsTrigger',
		]) {
			assert.ok(loaded.has(`${PACKAGE_NAME}.${required}`), `${PACKAGE_NAME}.${required} is loaded`);
		}
		const credTypes = await rest.request<Array<{ name: string }>>('GET', '/types/credentials.json');
		const credNames = new Set(credTypes.map((c) => c.name));
		for (const c of builtCredentialTypes())
			assert.ok(credNames.has(c), `credential type ${c} is loaded`);
		assert.ok(credNames.has('carbonBlackCloudApi') && credNames.has('ciscoGlobalThreatAlertsApi'));
	});

	it('every node file declared in package.json n8n.nodes is built', () => {
		assert.deepEqual(declaredNodeFiles().missing, []);
	});

	const credentialCases = [
		{
			title: 'Carbon Black Cloud API',
			id: CBC_CREDENTIAL_ID,
			name: CBC_CREDENTIAL_NAME,
			type: 'carbonBlackCloudApi',
			good: () => cbcCredentialData(sandbox!.url),
			bad: () => cbcCredentialData(sandbox!.url, { apiSecretKey: 'WRONGSECRET0000000000000' }),
			badWhat: 'a wrong API secret key',
			// the credential dialog says what is wrong, as the nodes do (not "Unauthorized")
			badMessage: /^Carbon Black Cloud refused the API ID and API secret key \(401\)/,
		},
		{
			title: 'Cisco Global Threat Alerts API',
			id: CTA_CREDENTIAL_ID,
			name: CTA_CREDENTIAL_NAME,
			type: 'ciscoGlobalThreatAlertsApi',
			good: () => ctaCredentialData(sandbox!.url),
			bad: () => ctaCredentialData(sandbox!.url, { clientPassword: 'wrong-password' }),
			badWhat: 'a wrong client password',
			// the token endpoint answers 400 invalid_client: the dialog names the token endpoint and the fields
			badMessage: /^The token endpoint refused the client \(400, invalid_client\)\. Check the client ID and the client password/,
		},
		{
			title: 'Carbon Black Cloud CSP OAuth App',
			id: CBC_CSP_OAUTH_CREDENTIAL_ID,
			name: CBC_CSP_OAUTH_CREDENTIAL_NAME,
			type: 'carbonBlackCloudCspOAuthApi',
			good: () => cbcCspCredentialData('cbcCspOAuth', sandbox!.url),
			bad: () => cbcCspCredentialData('cbcCspOAuth', sandbox!.url, { clientSecret: 'WRONGSECRET-csp-0000' }),
			badWhat: 'a wrong client secret',
			badMessage: /^The Cloud Services Platform \(127\.0\.0\.1:\d+\) refused the client ID or client secret \(HTTP \d{3}/,
		},
		{
			title: 'Carbon Black Cloud CSP API Token',
			id: CBC_CSP_TOKEN_CREDENTIAL_ID,
			name: CBC_CSP_TOKEN_CREDENTIAL_NAME,
			type: 'carbonBlackCloudCspApiTokenApi',
			good: () => cbcCspCredentialData('cbcCspApiToken', sandbox!.url),
			bad: () => cbcCspCredentialData('cbcCspApiToken', sandbox!.url, { apiToken: 'WRONGSECRET-token-0000' }),
			badWhat: 'an unknown API token',
			badMessage: /^The Cloud Services Platform \(127\.0\.0\.1:\d+\) refused the API token \(HTTP \d{3}/,
		},
	];
	for (const c of credentialCases) {
		it(`credential test: ${c.title} passes against the simulator and fails with ${c.badWhat}`, async () => {
			const test = (data: Record<string, unknown>) =>
				rest.request<{ status: string; message?: string }>('POST', '/rest/credentials/test', {
					credentials: { id: c.id, name: c.name, type: c.type, data },
				});
			const ok = await test(c.good());
			assert.equal(ok.status, 'OK', `valid credentials: ${JSON.stringify(ok)}`);
			const bad = await test(c.bad());
			assert.equal(bad.status, 'Error', `bad secret must fail: ${JSON.stringify(bad)}`);
			assert.ok(
				bad.message &&
					!bad.message.includes('wrong-password') &&
					!bad.message.includes('WRONGSECRET'),
				`message must not echo the secret: ${bad.message}`,
			);
			assert.match(String(bad.message), c.badMessage);
		});
	}

	describe('polling triggers (published, running under n8n start)', () => {
		const triggers = [
			{
				title: 'Carbon Black Cloud Trigger',
				workflowId: CBC_TRIGGER_WORKFLOW,
				baseline: { method: 'POST', route: /\/alerts\/_search$/ },
				add: async () =>
					(await sandbox!.control<{ ids: string[] }>('POST', '/_sandbox/cbc/alerts', { count: 3 }))
						.ids,
			},
			{
				title: 'Cisco Global Threat Alerts Trigger',
				workflowId: CTA_TRIGGER_WORKFLOW,
				baseline: { method: 'GET', route: /\/alert-management\/customer\/\{[^}]+\}\/alerts$/ },
				add: async () =>
					(
						await sandbox!.control<{ alertIds: string[] }>('POST', '/_sandbox/cta/alerts', {
							count: 3,
						})
					).alertIds,
			},
		];
		const added = new Map<string, string[]>();
		let addedAt = 0;

		before(async () => {
			const active = triggers.filter((tr) => importedIds().has(tr.workflowId));
			if (!active.length) return;
			// activation runs poll() once per workflow: it records a baseline and emits nothing
			await waitFor(
				'the activation polls of the published trigger workflows',
				async () => {
					const stats = await sandbox!.stats();
					return active.every((tr) => countRoute(stats, tr.baseline.method, tr.baseline.route) > 0)
						? true
						: undefined;
				},
				{ timeoutMs: 60_000 },
			);
			await sleep(1500);
			for (const tr of active) added.set(tr.workflowId, await tr.add());
			addedAt = Date.now();
		});

		for (const tr of triggers) {
			it(`${tr.title} emits the alerts added to the simulator after activation, once each`, async (t) => {
				if (!importedIds().has(tr.workflowId)) {
					t.skip(`${tr.title} is not built yet`);
					return;
				}
				const ids = added.get(tr.workflowId) ?? [];
				assert.equal(ids.length, 3);
				// polls run on minute boundaries (n8n's minimum interval)
				const found = await waitForExecutionWith(tr.workflowId, ids, 150_000);
				assert.equal(found.status, 'success');
				assert.equal(found.items.length, new Set(found.items).size, 'no alert is emitted twice');
				t.diagnostic(
					`execution ${found.id} with ${found.items.length} alert(s), ${Math.round((Date.now() - addedAt) / 1000)} s after adding`,
				);
			});
		}
	});

	describe('editor screenshots (headless Chromium)', () => {
		let session: BrowserSession | undefined;
		const shot = async (name: string) => {
			mkdirSync(SHOT_DIR, { recursive: true });
			const file = join(SHOT_DIR, `${name}.png`);
			await session!.page.screenshot({ path: file });
			if (UPDATE_SCREENSHOTS) {
				mkdirSync(SCREENSHOTS_DIR, { recursive: true });
				copyFileSync(file, join(SCREENSHOTS_DIR, `${name}.png`));
			}
			return file;
		};

		let opening: Promise<void> | undefined;
		before(() => {
			opening = (async () => {
				if (!findChromium()) return;
				session = await launchBrowser();
				await signIn(session.page, n8n.baseUrl, E2E_OWNER);
			})();
			return opening;
		});
		after(async () => {
			await opening?.catch(() => undefined);
			await session?.close();
		});

		const onFailure = async (name: string, fn: () => Promise<void>) => {
			try {
				await fn();
			} catch (error) {
				await shot(`FAILED-${name}`).catch(() => undefined);
				throw error;
			}
		};

		it('imported workflow shows our nodes on the canvas', async (t) => {
			if (!session) return t.skip('Chromium is not installed');
			const page = session.page;
			await onFailure('canvas', async () => {
				await page.goto(`${n8n.baseUrl}/workflow/${CBC_WORKFLOW}`, {
					waitUntil: 'networkidle2',
					timeout: 60_000,
				});
				await page.waitForSelector(
					`[data-test-id="canvas-node"][data-node-type="${PACKAGE_NAME}.carbonBlackCloud"]`,
					{
						timeout: 30_000,
						visible: true,
					},
				);
				const names = await canvasNodes(page);
				assert.deepEqual(
					names.filter((n) => n.type.startsWith(PACKAGE_NAME)).map((n) => n.name),
					['Search Alerts', 'Get Alert'],
				);
				await sleep(1000);
				t.diagnostic(`screenshot ${await shot('workflow-canvas')}`);
				if (importedIds().has(CBC_TRIGGER_WORKFLOW)) {
					await page.goto(`${n8n.baseUrl}/workflow/${CBC_TRIGGER_WORKFLOW}`, {
						waitUntil: 'networkidle2',
						timeout: 60_000,
					});
					await page.waitForSelector(
						`[data-test-id="canvas-node"][data-node-type="${PACKAGE_NAME}.carbonBlackCloudTrigger"]`,
						{
							timeout: 30_000,
							visible: true,
						},
					);
					await dismissChecklist(page);
					await sleep(1000);
					t.diagnostic(`screenshot ${await shot('workflow-trigger-canvas')}`);
				}
			});
		});

		it('node panel search lists our nodes for "Carbon Black" and "Cisco", with their actions', async (t) => {
			if (!session) return t.skip('Chromium is not installed');
			const page = session.page;
			await onFailure('node-panel', async () => {
				// a workflow that already has a trigger, so the panel offers action nodes
				await page.goto(`${n8n.baseUrl}/workflow/${CBC_WORKFLOW}`, {
					waitUntil: 'networkidle2',
					timeout: 60_000,
				});
				await page.waitForSelector('[data-test-id="canvas-node"]', {
					timeout: 30_000,
					visible: true,
				});
				for (const [query, expected, file] of [
					['Carbon Black', 'Carbon Black Cloud', 'node-panel-carbon-black'],
					['Cisco', 'Cisco Global Threat Alerts', 'node-panel-cisco'],
				] as const) {
					await openNodePanel(page);
					const search = await page.waitForSelector(
						'[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator-search-bar"]',
						{
							timeout: 15_000,
							visible: true,
						},
					);
					await search!.type(query, { delay: 20 });
					assert.ok(await textPresent(page, expected), `"${expected}" is listed for "${query}"`);
					await sleep(800);
					t.diagnostic(`screenshot ${await shot(file)}`);
					// open the node's action list
					await clickText(page, expected, '[data-test-id="node-creator"] *');
					assert.ok(await textPresent(page, 'Actions', 10_000), `"${expected}" shows its actions`);
					await sleep(800);
					t.diagnostic(`screenshot ${await shot(`${file}-actions`)}`);
					await page.keyboard.press('Escape');
					await sleep(300);
					await page.keyboard.press('Escape');
					await sleep(500);
				}
			});
		});

		it('a Carbon Black Cloud node opens with its parameters and the simulator credential', async (t) => {
			if (!session) return t.skip('Chromium is not installed');
			const page = session.page;
			await onFailure('node-parameters', async () => {
				await page.goto(`${n8n.baseUrl}/workflow/${CBC_WORKFLOW}`, {
					waitUntil: 'networkidle2',
					timeout: 60_000,
				});
				await page.waitForSelector('[data-test-id="canvas-node"][data-node-name="Search Alerts"]', {
					timeout: 30_000,
					visible: true,
				});
				await openNode(page, 'Search Alerts');
				await expectParameters(page, `${PACKAGE_NAME}.carbonBlackCloud`, {
					operation: 'search',
					timeRange: 'relative',
					rangePreset: '-1M',
					output: 'simple',
				});
				const values = await page.evaluate(() =>
					[...document.querySelectorAll<HTMLInputElement>('[data-test-id="ndv"] input')].map(
						(i) => i.value,
					),
				);
				assert.ok(
					values.includes(CBC_CREDENTIAL_NAME),
					`credential selected; inputs: ${values.join(' | ')}`,
				);
				assert.ok(
					values.includes('Search') && values.includes('Alert'),
					'resource and operation are shown',
				);
				await sleep(800);
				t.diagnostic(`screenshot ${await shot('node-parameters-carbon-black-search')}`);
				await page.keyboard.press('Escape');
			});
		});

		// One parameters screenshot per node type (Search Alerts above is the Carbon Black Cloud one).
		// Labels and option names are read from the built descriptions, so wording changes in nodes/
		// don't break these; the parameter names (data-test-id="parameter-input-<name>") are the contract.
		const parameterShots = [
			{
				title: 'Carbon Black Cloud Trigger',
				workflowId: CBC_TRIGGER_WORKFLOW,
				node: 'Carbon Black Cloud Trigger',
				type: `${PACKAGE_NAME}.carbonBlackCloudTrigger`,
				credential: CBC_CREDENTIAL_NAME,
				params: { event: 'alertCreated', query: undefined, output: 'simple' },
				file: 'node-parameters-carbon-black-trigger',
			},
			{
				title: 'Cisco Global Threat Alerts (Get Many alerts)',
				workflowId: CTA_WORKFLOW,
				node: 'Get Many Alerts',
				type: `${PACKAGE_NAME}.ciscoGlobalThreatAlerts`,
				credential: CTA_CREDENTIAL_NAME,
				params: { resource: 'alert', operation: 'getAll', returnAll: undefined, sort: 'triggeredAt:desc', output: 'simple' },
				file: 'node-parameters-cisco-get-many',
			},
			{
				title: 'Cisco Global Threat Alerts Trigger',
				workflowId: CTA_TRIGGER_WORKFLOW,
				node: 'Cisco Global Threat Alerts Trigger',
				type: `${PACKAGE_NAME}.ciscoGlobalThreatAlertsTrigger`,
				credential: CTA_CREDENTIAL_NAME,
				params: { event: 'newAlert', output: 'simple' },
				file: 'node-parameters-cisco-trigger',
			},
		];
		for (const c of parameterShots) {
			it(`screenshot: the ${c.title} node opens with its parameters and the simulator credential`, async (t) => {
				if (!session) return t.skip('Chromium is not installed');
				if (!importedIds().has(c.workflowId)) return t.skip(`${c.workflowId} is not imported`);
				const page = session.page;
				await onFailure(c.file, async () => {
					await openWorkflow(page, c.workflowId, c.node);
					await openNode(page, c.node);
					await expectParameters(page, c.type, c.params);
					const values = await ndvInputValues(page);
					assert.ok(
						values.includes(c.credential),
						`credential selected; inputs: ${values.join(' | ')}`,
					);
					await parkMouse(page);
					await sleep(800);
					t.diagnostic(`screenshot ${await shot(c.file)}`);
					await page.keyboard.press('Escape');
				});
			});
		}

		const credentialShots = [
			{
				title: 'Carbon Black Cloud API',
				workflowId: CBC_WORKFLOW,
				node: 'Search Alerts',
				name: CBC_CREDENTIAL_NAME,
				secretField: 'apiSecretKey',
				secret: () => String(cbcCredentialData(sandbox!.url).apiSecretKey),
				file: 'credential-carbon-black',
			},
			{
				title: 'Cisco Global Threat Alerts API',
				workflowId: CTA_WORKFLOW,
				node: 'Get Many Alerts',
				name: CTA_CREDENTIAL_NAME,
				secretField: 'clientPassword',
				secret: () => String(ctaCredentialData(sandbox!.url).clientPassword),
				file: 'credential-cisco',
			},
		];
		for (const c of credentialShots) {
			it(`screenshot: the ${c.title} credential dialog opens from the node with its secret masked`, async (t) => {
				if (!session) return t.skip('Chromium is not installed');
				const page = session.page;
				await onFailure(c.file, async () => {
					await openWorkflow(page, c.workflowId, c.node);
					await openNode(page, c.node);
					const edit = await page.waitForSelector(
						'[data-test-id="ndv"] [data-test-id="credential-edit-button"]',
						{ timeout: 15_000, visible: true },
					);
					await edit!.click();
					const dialog = '[data-test-id="credential-edit-dialog"]';
					await page.waitForSelector(
						`${dialog} [data-test-id="parameter-input-${c.secretField}"]`,
						{
							timeout: 15_000,
							visible: true,
						},
					);
					const secret = c.secret();
					assert.ok(secret.length >= 8, 'the fixture has a secret to look for');
					const state = await page.evaluate(
						(sel: string, field: string) => {
							const secretInput = document.querySelector<HTMLInputElement>(
								`${sel} [data-test-id="parameter-input-${field}"] input`,
							);
							// the whole modal (its header holds the credential name), not only the form
							const root =
								secretInput?.closest<HTMLElement>('[role="dialog"], .el-dialog') ??
								document.querySelector<HTMLElement>(sel)!;
							const inputs = [...root.querySelectorAll<HTMLInputElement>('input')];
							return {
								values: inputs.map((i) => i.value),
								text: root.innerText,
								secretType: secretInput?.type,
							};
						},
						dialog,
						c.secretField,
					);
					assert.ok(state.values.includes(c.name), `dialog shows "${c.name}"`);
					assert.equal(state.secretType, 'password', `${c.secretField} is a password field`);
					assert.ok(
						!state.values.some((v) => v.includes(secret)) && !state.text.includes(secret),
						'the secret is not in the dialog',
					);
					// n8n tests the credential when the dialog opens, against the simulator
					assert.ok(
						await textPresent(page, 'Connection tested successfully', 20_000),
						'the dialog reports a successful connection test',
					);
					await parkMouse(page);
					await sleep(800);
					t.diagnostic(`screenshot ${await shot(c.file)}`);
					await page.keyboard.press('Escape');
					await sleep(300);
					await page.keyboard.press('Escape');
				});
			});
		}

		it('screenshot: a run started from the editor shows simulator alerts in the node output and in the executions view', async (t) => {
			if (!session) return t.skip('Chromium is not installed');
			const page = session.page;
			await onFailure('execution', async () => {
				await openWorkflow(page, CBC_WORKFLOW, 'Search Alerts');
				const started = Date.now();
				const run = await page.$('[data-test-id="execute-workflow-button"]');
				if (run) await run.click();
				else await clickText(page, 'Execute workflow', 'button, button *');
				// every node of the workflow gets its success mark
				await page.waitForFunction(
					`document.querySelectorAll('[data-test-id="canvas-node"]').length > 0 &&
					[...document.querySelectorAll('[data-test-id="canvas-node"]')].every((n) =>
						n.querySelector('[data-test-id="canvas-node-status-success"]'))`,
					{ timeout: 90_000, polling: 250 },
				);
				t.diagnostic(`run finished in the editor after ${Date.now() - started} ms`);
				// Search Alerts has limit 5; Get Alert reads each of them
				assert.ok(await textPresent(page, '5 items', 10_000), 'the canvas shows "5 items"');
				await closeToasts(page);
				await parkMouse(page);
				await sleep(800);
				t.diagnostic(`screenshot ${await shot('execution-canvas-carbon-black')}`);

				await openNode(page, 'Get Alert');
				const output = '[data-test-id="output-panel"]';
				await page.waitForSelector(
					`${output} [data-test-id="ndv-items-count"], ${output} [data-test-id="run-data-item-count"]`,
					{
						timeout: 15_000,
						visible: true,
					},
				);
				const json = await page.$(`${output} [data-test-id="radio-button-json"]`);
				if (json) await json.click();
				await parkMouse(page);
				await sleep(1000);
				const shown = await page.evaluate(
					(sel: string) => document.querySelector<HTMLElement>(sel)?.innerText ?? '',
					output,
				);
				assert.match(shown, /\b5 items\b/, 'the output panel counts 5 items');
				const ids = [...shown.matchAll(/"id":\s*"([0-9a-f]{8}-[0-9a-f-]{27})"/g)].map((m) => m[1]);
				assert.ok(ids.length > 0, `alert ids in the output: ${shown.slice(0, 300)}`);
				for (const id of new Set(ids)) {
					const stored = await sandbox!.control<{ doc: { id: string } }>(
						'GET',
						`/_sandbox/cbc/alerts/${encodeURIComponent(id)}`,
					);
					assert.equal(stored.doc.id, id, `alert ${id} comes from the simulator`);
				}
				t.diagnostic(`output shows ${new Set(ids).size} simulator alert id(s), e.g. ${ids[0]}`);
				t.diagnostic(`screenshot ${await shot('execution-output-carbon-black')}`);
				await page.keyboard.press('Escape');

				// the same run, saved, in the workflow's executions view
				const list = await rest.request<{
					results: Array<{ id: string; status: string }>;
				}>(
					'GET',
					`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: CBC_WORKFLOW }))}`,
				);
				// the newest execution of this workflow (the CLI tests' runs are older)
				const saved = [...(list.results ?? [])].sort((a, b) => Number(b.id) - Number(a.id))[0];
				assert.ok(saved, `the editor run is saved: ${JSON.stringify(list.results)}`);
				assert.equal(saved.status, 'success');
				await page.goto(`${n8n.baseUrl}/workflow/${CBC_WORKFLOW}/executions/${saved.id}`, {
					waitUntil: 'networkidle2',
					timeout: 60_000,
				});
				await page.waitForSelector(`[data-test-id="execution-details-${saved.id}"]`, {
					timeout: 30_000,
					visible: true,
				});
				await page.waitForSelector('[data-test-id="canvas-node-status-success"]', {
					timeout: 30_000,
					visible: true,
				});
				await parkMouse(page);
				await sleep(1000);
				t.diagnostic(`screenshot ${await shot('execution-list-carbon-black')}`);
			});
		});
	});
});

async function openWorkflow(
	page: BrowserSession['page'],
	workflowId: string,
	nodeName: string,
): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`, {
		waitUntil: 'networkidle2',
		timeout: 60_000,
	});
	await page.waitForSelector(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`, {
		timeout: 30_000,
		visible: true,
	});
	await dismissChecklist(page);
}

async function ndvInputValues(page: BrowserSession['page']): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLInputElement>('[data-test-id="ndv"] input')].map(
			(i) => i.value,
		),
	);
}

/**
 * The open node panel shows each parameter in `params` (by name), labelled as in the built
 * description; for a value, the input shows that option's display name.
 */
async function expectParameters(
	page: BrowserSession['page'],
	type: string,
	params: Record<string, string | undefined>,
): Promise<void> {
	for (const [name, value] of Object.entries(params)) {
		const selector = `[data-test-id="ndv"] [data-test-id="parameter-input-${name}"]`;
		await page.waitForSelector(selector, { timeout: 15_000, visible: true });
		const labels = parameterLabels(nodeTypes, type, name);
		assert.ok(labels.length > 0, `${type} has a parameter "${name}"`);
		const ndvText = await page.evaluate(
			() => document.querySelector<HTMLElement>('[data-test-id="ndv"]')?.innerText ?? '',
		);
		assert.ok(
			labels.some((l) => ndvText.includes(l)),
			`the panel shows the label of "${name}" (${labels.join(' / ')})`,
		);
		if (value === undefined) continue;
		const shown = await page.evaluate(
			(sel: string) => document.querySelector<HTMLInputElement>(`${sel} input`)?.value ?? '',
			selector,
		);
		const expected = optionNames(nodeTypes, type, name, value);
		assert.ok(
			expected.includes(shown),
			`"${name}" shows ${expected.join(' / ')} for ${value}, found "${shown}"`,
		);
	}
}

/** Move the pointer off the panels so no hover state (row highlight, tooltip) lands in a screenshot. */
async function parkMouse(page: BrowserSession['page']): Promise<void> {
	await page.mouse.move(2, 895);
}

async function closeToasts(page: BrowserSession['page']): Promise<void> {
	await page.evaluate(() => {
		for (const b of document.querySelectorAll<HTMLElement>('.el-notification__closeBtn')) b.click();
	});
	await sleep(500);
}

/** Published workflows show a "Production Checklist" popover over the canvas; close it. */
async function dismissChecklist(page: BrowserSession['page']): Promise<void> {
	if (!(await textPresent(page, 'Production Checklist', 3000))) return;
	const closed = await page.evaluate(() => {
		const holders = [...document.querySelectorAll<HTMLElement>('body *')].filter((el) =>
			el.textContent?.includes('Production Checklist'),
		);
		// deepest element holding the title, then its nearest ancestor that has a (close) button
		let box: HTMLElement | null = holders[holders.length - 1] ?? null;
		for (let i = 0; box && i < 8; i++, box = box.parentElement) {
			const button = box.querySelector<HTMLElement>('button, [role="button"]');
			if (button) {
				button.click();
				return true;
			}
		}
		return false;
	});
	if (!closed) await page.keyboard.press('Escape');
	await sleep(500);
}

/** Poll the executions of a workflow over REST until one of them emitted all `ids`. */
async function waitForExecutionWith(
	workflowId: string,
	ids: string[],
	timeoutMs: number,
): Promise<{ id: string; status: string; items: unknown[] }> {
	const flatted = createRequire(join(RUNTIME_DIR, 'package.json'))('flatted') as {
		parse(s: string): unknown;
	};
	const seen = new Set<string>();
	return waitFor(
		`an execution of ${workflowId} containing ${ids.join(', ')}`,
		async () => {
			const list = await rest.request<{ results: Array<{ id: string; status: string }> }>(
				'GET',
				`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
			);
			for (const e of list.results ?? []) {
				if (seen.has(e.id) || !['success', 'error', 'crashed'].includes(e.status)) continue;
				seen.add(e.id);
				const full = await rest.request<{ data: string }>('GET', `/rest/executions/${e.id}`);
				const run = flatted.parse(full.data) as {
					resultData: {
						runData: Record<
							string,
							Array<{ data?: { main?: Array<Array<{ json: { id?: unknown } }>> } }>
						>;
					};
				};
				const items = Object.values(run.resultData.runData)
					.flat()
					.flatMap((r) => r.data?.main?.[0] ?? [])
					.map((i) => i.json.id);
				if (ids.every((id) => items.includes(id))) return { id: e.id, status: e.status, items };
			}
			return undefined;
		},
		{ timeoutMs, intervalMs: 3000 },
	);
}

async function canvasNodes(
	page: BrowserSession['page'],
): Promise<Array<{ name: string; type: string }>> {
	return page.evaluate(() =>
		[...document.querySelectorAll('[data-test-id="canvas-node"]')].map((el) => ({
			name: el.getAttribute('data-node-name') ?? '',
			type: el.getAttribute('data-node-type') ?? '',
		})),
	);
}

async function openNodePanel(page: BrowserSession['page']): Promise<void> {
	// `n` opens the node creator in the 2.x editor; fall back to the canvas "+" button
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.mouse.click(700, 450);
	await page.keyboard.press('n');
	const opened = await page
		.waitForSelector('[data-test-id="node-creator"], [data-test-id="node-creator-search-bar"]', {
			timeout: 5000,
			visible: true,
		})
		.catch(() => null);
	if (opened) return;
	const plus = await page.$(
		'[data-test-id="node-creator-plus-button"], [data-test-id="canvas-plus-button"]',
	);
	if (!plus) throw new Error('cannot open the node panel');
	await plus.click();
	await page.waitForSelector('[data-test-id="node-creator-search-bar"]', {
		timeout: 10_000,
		visible: true,
	});
}

async function openNode(page: BrowserSession['page'], name: string): Promise<void> {
	const handle = await page.$(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	if (handle) {
		const box = await handle.evaluate((el) => {
			const r = el.getBoundingClientRect();
			return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
		});
		await page.mouse.click(box.x, box.y, { count: 2, clickCount: 2 } as { clickCount: number });
	} else {
		await clickText(page, name);
		await page.keyboard.press('Enter');
	}
	await page.waitForSelector('[data-test-id="ndv"], [data-test-id="node-parameters"]', {
		timeout: 15_000,
		visible: true,
	});
}
