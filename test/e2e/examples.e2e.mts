// Example workflows (examples/*.json) against a real n8n 2.41.1 and the API simulator: every example
// imports; the runnable ones are executed with `n8n execute` and their key outputs asserted; the AI
// agent example (it needs a chat model) is checked for its import and the node types it uses.
// Run through test/e2e/run.mts (`npm run test:e2e -- --grep Examples`).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	bindSimulatorCredentials,
	builtNodeTypes,
	E2E_OWNER,
	loadWorkflows,
	sandboxCredentials,
	type WorkflowJson,
} from './lib/fixtures.mts';
import { executionError, N8n, nodeItems, RestClient } from './lib/n8n.mts';
import { ARTIFACTS_DIR, PACKAGE_NAME, REPO_ROOT } from './lib/paths.mts';
import { sleep, tail } from './lib/proc.mts';
import { sandboxAvailable, startSandboxProcess, type SandboxHandle } from './lib/sandbox.mts';

const RUN_DIR = join(ARTIFACTS_DIR, 'examples-run');
const EXPORT_DIR = join(RUN_DIR, 'siem-export');
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

const PLAYBOOK = 'exSocTriage001';
const SIEM = 'exSiemExport001';
const SUMMARY = 'exHighSevSum001';
const AI_AGENT = 'exAiAgentTools1';
const RESPONSE = 'exAlertResp0001';

let sandbox: SandboxHandle | undefined;
let n8n: N8n;
let examples: WorkflowJson[] = [];

function describeFailure(res: { code: number | null; stdout: string; stderr: string }): string {
	return `exit ${res.code}\n${tail(res.stdout, 30)}\n${tail(res.stderr, 15)}`;
}

function countRoute(stats: { byRoute: Record<string, number> }, method: string, pattern: RegExp) {
	return Object.entries(stats.byRoute)
		.filter(([l]) => l.startsWith(`${method} `) && pattern.test(l.slice(method.length + 1)))
		.reduce((sum, [, n]) => sum + n, 0);
}

/** The SIEM example writes below /tmp; the test points it at this run's folder (allowed to n8n). */
function forTest(wf: WorkflowJson): WorkflowJson {
	const copy = bindSimulatorCredentials(wf);
	for (const node of copy.nodes) {
		if (
			node.type === 'n8n-nodes-base.readWriteFile' &&
			typeof node.parameters.fileName === 'string'
		)
			node.parameters.fileName = node.parameters.fileName.replace(
				'/tmp/threat-alerts-siem',
				EXPORT_DIR,
			);
	}
	return copy;
}

let setup: Promise<void> | undefined;

async function setUp(): Promise<void> {
	assert.ok(sandboxAvailable(), 'sandbox/main.mts is missing');
	rmSync(RUN_DIR, { recursive: true, force: true });
	// n8n refuses to write below an allowed folder that does not exist yet
	mkdirSync(EXPORT_DIR, { recursive: true });
	sandbox = await startSandboxProcess({ seed: 42, logFile: join(RUN_DIR, 'sandbox.log') });
	n8n = new N8n({
		userFolder: join(RUN_DIR, 'n8n-user'),
		logDir: RUN_DIR,
		extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: EXPORT_DIR },
	});
	n8n.installPackage();
	await n8n.importCredentials(sandboxCredentials(sandbox.url));
	examples = loadWorkflows(EXAMPLES_DIR);
	await n8n.importWorkflows(examples.map(forTest));
}

describe('Examples (examples/*.json)', () => {
	before(() => {
		setup = setUp();
		return setup;
	});

	after(async () => {
		await setup?.catch(() => undefined);
		await n8n?.stop();
		await sandbox?.stop();
	});

	it('the five examples have stable ids, sticky notes and simulator credentials', () => {
		assert.deepEqual(examples.map((w) => w.id).sort(), [AI_AGENT, PLAYBOOK, RESPONSE, SIEM, SUMMARY].sort());
		for (const wf of examples) {
			assert.ok(
				wf.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote'),
				`${wf.name} explains its steps in sticky notes`,
			);
			for (const node of wf.nodes as Array<{ credentials?: Record<string, { id: string }> }>) {
				for (const [type, ref] of Object.entries(node.credentials ?? {}))
					assert.ok(
						['cbcSimulatorCred', 'ctaSimulatorCred'].includes(ref.id),
						`${wf.name}: ${type} references a simulator credential`,
					);
			}
			if (wf.id !== AI_AGENT)
				assert.ok(
					wf.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger'),
					`${wf.name} can be run by \`n8n execute\``,
				);
		}
	});

	it('SOC triage playbook: severity filter → threat tags → note → history → close → wait for the job', async () => {
		await sandbox!.resetStats();
		const res = await n8n.execute(PLAYBOOK);
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const out = res.json!;
		const searched = nodeItems(out, 'Search Open Alerts (manual run)');
		const high = nodeItems(out, 'High Severity Only');
		assert.equal(searched.length, 10);
		assert.ok(high.length > 0, 'some alerts have severity ≥ 7');
		assert.ok(high.length < searched.length, 'the filter drops the low-severity alerts');
		assert.ok(high.every((a) => Number(a.severity) >= 7));
		const tagged = nodeItems(out, 'Tag Threat');
		assert.deepEqual(
			tagged.map((t) => t.threat_id),
			high.map((a) => a.threat_id),
		);
		const tags = nodeItems(out, 'Get Threat Tags');
		assert.equal(tags.length, high.length);
		for (const t of tags) {
			const list = ([] as unknown[]).concat(t.tags ?? []);
			assert.ok(list.includes('n8n-triage') && list.includes('escalated'), JSON.stringify(t));
		}
		const notes = nodeItems(out, 'Add Triage Note');
		assert.deepEqual(
			notes.map((n) => n.alert_id),
			high.map((a) => a.id),
		);
		for (const n of notes) {
			assert.match(
				String(n.note),
				/^Escalated by the n8n SOC playbook: severity \d+, threat tags: .*escalated/,
			);
		}
		const history = nodeItems(out, 'Get Alert History');
		assert.ok(history.length >= high.length, 'at least the new note per alert in its history');
		const closed = nodeItems(out, 'Close Alerts');
		assert.equal(closed.length, high.length);
		assert.ok(closed.every((c) => c.job_status === 'SUBMITTED' && c.request_id));
		assert.equal(new Set(closed.map((c) => c.request_id)).size, 1, 'one bulk request');
		const job = nodeItems(out, 'Wait for Job');
		assert.equal(job.length, 1, 'Wait for Job runs once');
		assert.equal(job[0].status, 'COMPLETED', JSON.stringify(job[0]));
		assert.equal(String(job[0].id), String(closed[0].request_id));
		for (const a of high) {
			const raw = await sandbox!.control<{
				doc: {
					workflow: { status: string; closure_reason: string };
					determination?: { value: string };
				};
				notes: Array<{ note: string }>;
			}>('GET', `/_sandbox/cbc/alerts/${encodeURIComponent(String(a.id))}`);
			assert.equal(raw.doc.workflow.status, 'CLOSED', `alert ${a.id} is closed`);
			assert.equal(raw.doc.workflow.closure_reason, 'RESOLVED');
			assert.equal(raw.doc.determination?.value, 'TRUE_POSITIVE');
			assert.ok(
				raw.notes.some((n) => n.note.startsWith('Escalated by the n8n SOC playbook')),
				`alert ${a.id} carries the triage note`,
			);
		}
		const stats = await sandbox!.stats();
		assert.equal(
			countRoute(stats, 'POST', /\/alerts\/workflow$/),
			1,
			JSON.stringify(stats.byRoute),
		);
		assert.ok(countRoute(stats, 'GET', /\/jobs\//) >= 1, 'the job was polled');
	});

	it('daily SIEM export: annotations → SIEM records → one JSON file on disk', async () => {
		const res = await n8n.execute(SIEM);
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const events = nodeItems(res.json!, 'Export Annotations');
		const records = nodeItems(res.json!, 'To SIEM Record');
		assert.equal(events.length, 200);
		assert.equal(records.length, 200);
		const convicting = records.filter((r) => r.annotationType === 'convicting');
		const contextual = records.filter((r) => r.annotationType === 'contextual');
		assert.ok(convicting.length > 0 && contextual.length > 0, 'both annotation types');
		assert.equal(convicting.length + contextual.length, records.length);
		for (const r of convicting) {
			assert.ok(
				(r.threatDetectionIds as unknown[]).length > 0 && (r.alertIds as unknown[]).length > 0,
			);
		}
		assert.ok(contextual.every((r) => (r.alertIds as unknown[]).length === 0));
		assert.ok(records.every((r) => r.source === 'cisco-global-threat-alerts' && r.eventId));
		const written = nodeItems(res.json!, 'Write SIEM File');
		assert.equal(written.length, 1, 'one file for the whole export');
		const files = readdirSync(EXPORT_DIR).filter((f) =>
			/^threat-annotations-\d{4}-\d\d-\d\d\.json$/.test(f),
		);
		assert.equal(files.length, 1, `file in ${EXPORT_DIR}: ${readdirSync(EXPORT_DIR)}`);
		const file = JSON.parse(readFileSync(join(EXPORT_DIR, files[0]), 'utf8')) as Array<
			Record<string, unknown>
		>;
		assert.equal(file.length, 200);
		assert.deepEqual(
			file.map((r) => r.eventId),
			records.map((r) => r.eventId),
		);
		assert.equal(file.filter((r) => r.annotationType === 'convicting').length, convicting.length);
	});

	it('high-severity summary: facets + grouped alerts → one summary item with counts', async () => {
		const res = await n8n.execute(SUMMARY);
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const facets = nodeItems(res.json!, 'Count by Type and Device');
		const threats = nodeItems(res.json!, 'Top Threats');
		const summary = nodeItems(res.json!, 'Build Summary');
		assert.ok(
			facets.some((f) => f.field === 'type') && facets.some((f) => f.field === 'device_name'),
		);
		assert.ok(threats.length > 0 && threats.length <= 5, `${threats.length} threats`);
		assert.equal(summary.length, 1);
		const s = summary[0] as {
			highSeverityAlerts: number;
			byType: Record<string, number>;
			topDevices: Array<{ device: string; alerts: number }>;
			topThreats: Array<{ threatId: string; alerts: number; highestSeverity: number }>;
			text: string;
		};
		const typeTotal = facets
			.filter((f) => f.field === 'type')
			.reduce((sum, f) => sum + Number(f.total), 0);
		assert.ok(s.highSeverityAlerts > 0);
		assert.equal(s.highSeverityAlerts, typeTotal);
		assert.equal(
			Object.values(s.byType).reduce((a, b) => a + b, 0),
			typeTotal,
		);
		assert.ok(s.topDevices.length > 0 && s.topDevices.every((d) => d.device && d.alerts > 0));
		assert.equal(s.topThreats.length, threats.length);
		for (let i = 0; i < s.topThreats.length; i++) {
			assert.ok(s.topThreats[i].alerts > 0);
			assert.ok(s.topThreats[i].highestSeverity >= 7, JSON.stringify(s.topThreats[i]));
			if (i > 0) assert.ok(s.topThreats[i - 1].alerts >= s.topThreats[i].alerts, 'sorted by count');
		}
		assert.match(s.text, new RegExp(`^${typeTotal} high-severity alerts`));
	});

	it('alert response: observations → one item per alert → quarantine (one request, confirmed) → note → In Progress', async () => {
		await sandbox!.resetStats();
		const res = await n8n.execute(RESPONSE);
		assert.equal(executionError(res.json), undefined, describeFailure(res));
		assert.equal(res.code, 0, describeFailure(res));
		const out = res.json!;
		const alerts = nodeItems(out, 'Severe Alerts (manual run)');
		assert.equal(alerts.length, 5);
		assert.ok(alerts.every((a) => Number(a.severity) >= 8));
		const observations = nodeItems(out, 'Get Observations');
		assert.ok(observations.length > 0, 'the severe alerts have observations');
		assert.ok(observations.every((o) => alerts.some((a) => a.id === o._alertId)));
		const perAlert = nodeItems(out, 'One Item per Alert');
		const withObservations = new Set(observations.map((o) => o._alertId));
		assert.equal(perAlert.length, withObservations.size);
		const quarantined = nodeItems(out, 'Quarantine Device');
		assert.equal(quarantined.length, perAlert.length);
		assert.ok(
			quarantined.every((q) => q.confirmed === true && q.quarantined === true),
			JSON.stringify(quarantined),
		);
		const notes = nodeItems(out, 'Add Response Note');
		assert.deepEqual(
			notes.map((n) => n.alert_id),
			perAlert.map((p) => p._alertId),
		);
		assert.ok(notes.every((n) => /^n8n alert response: device \d+ quarantined \(confirmed\)/.test(String(n.note))));
		const updated = nodeItems(out, 'Set In Progress');
		assert.ok(updated.length > 0 && updated.every((u) => u.status === 'COMPLETED' || u.job_status === 'COMPLETED'), JSON.stringify(updated[0]));
		const stats = await sandbox!.stats();
		assert.equal(
			countRoute(stats, 'POST', /\/device_actions$/),
			1,
			`one quarantine request for ${quarantined.length} items: ${JSON.stringify(stats.byRoute)}`,
		);
		for (const id of withObservations) {
			const raw = await sandbox!.control<{ doc: { workflow: { status: string } } }>(
				'GET',
				`/_sandbox/cbc/alerts/${encodeURIComponent(String(id))}`,
			);
			assert.equal(raw.doc.workflow.status, 'IN_PROGRESS', `alert ${id} is in progress`);
		}
	});

	describe('under n8n start', () => {
		let rest: RestClient;
		before(async () => {
			await n8n.start();
			rest = new RestClient(n8n.baseUrl);
			// right after start-up n8n has once answered 404 on /rest/settings: retry a few times
			for (let attempt = 1; ; attempt++) {
				try {
					await rest.setupOrLogin(E2E_OWNER);
					break;
				} catch (error) {
					if (attempt >= 5) throw error;
					await sleep(1000);
				}
			}
		});

		it('every example imports and uses only node types and versions that n8n loads; the AI agent finds our Tool variants', async () => {
			const types = await rest.request<Array<{ name: string; version: number | number[] }>>(
				'GET',
				'/types/nodes.json',
			);
			const versions = new Map<string, Set<number>>();
			for (const t of types) {
				const set = versions.get(t.name) ?? new Set<number>();
				for (const v of ([] as number[]).concat(t.version)) set.add(v);
				versions.set(t.name, set);
			}
			for (const wf of examples) {
				const stored = await rest.request<{ id: string; nodes: Array<{ name: string }> }>(
					'GET',
					`/rest/workflows/${wf.id}`,
				);
				assert.equal(stored.id, wf.id);
				assert.equal(stored.nodes.length, wf.nodes.length, `${wf.name} imported with all nodes`);
				for (const node of wf.nodes as Array<{ name: string; type: string; typeVersion: number }>) {
					assert.ok(versions.has(node.type), `${wf.name}: node type ${node.type} is loaded`);
					assert.ok(
						versions.get(node.type)!.has(node.typeVersion),
						`${wf.name}: ${node.type} v${node.typeVersion} exists (${[...versions.get(node.type)!]})`,
					);
				}
			}
			const agent = examples.find((w) => w.id === AI_AGENT)!;
			const tools = agent.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`));
			assert.deepEqual(tools.map((n) => n.type).sort(), [
				`${PACKAGE_NAME}.carbonBlackCloudTool`,
				`${PACKAGE_NAME}.ciscoGlobalThreatAlertsTool`,
			]);
			for (const t of builtNodeTypes().filter((b) => b.usableAsTool))
				assert.ok(versions.has(`${t.type}Tool`), `${t.type}Tool is loaded`);
			const connections = agent.connections as Record<string, Record<string, unknown>>;
			for (const t of tools)
				assert.ok(connections[t.name]?.ai_tool, `${t.name} is connected to the agent as a tool`);
			assert.ok(existsSync(EXAMPLES_DIR));
		});
	});
});
