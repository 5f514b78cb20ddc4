// `npm start`: real n8n 2.41.1 with this package installed, wired to the API simulator.
//
//   1. ensures the pinned runtime (scripts/ensure-n8n.sh; cached under ~/.cache, ~4 min the first time)
//   2. starts the simulator (seed 42) on 127.0.0.1:8787, or a free port if 8787 is busy
//   3. installs dist/ as a community package into ~/.cache/n8n-nodes-threat-alerts/start (persistent)
//   4. imports credentials for the simulator and, once, the example workflows
//   5. starts n8n on 127.0.0.1:5678 (or a free port), creates the owner login and prints it
//
// Ctrl+C stops n8n and the simulator. Delete ~/.cache/n8n-nodes-threat-alerts/start to start from scratch.
// Environment: THREAT_ALERTS_N8N_PORT, THREAT_ALERTS_SANDBOX_PORT, THREAT_ALERTS_SANDBOX_SEED,
// THREAT_ALERTS_OWNER_PASSWORD, N8N_RUNTIME_DIR.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
	bindSimulatorCredentials,
	builtNodeTypes,
	loadWorkflows,
	sandboxCredentials,
	workflowsUsingBuiltNodes,
	type WorkflowJson,
} from '../test/e2e/lib/fixtures.mts';
import { N8n, RestClient, type Owner } from '../test/e2e/lib/n8n.mts';
import { ENSURE_SCRIPT, REPO_ROOT, WORKFLOWS_DIR } from '../test/e2e/lib/paths.mts';
import { onInterrupt } from '../test/e2e/lib/proc.mts';
import { startSandboxProcess, type SandboxHandle } from '../test/e2e/lib/sandbox.mts';

const STATE_DIR = process.env.N8N_START_DIR ?? join(homedir(), '.cache', 'n8n-nodes-threat-alerts', 'start');
const STATE_FILE = join(STATE_DIR, 'imported-workflows.json');
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
/** Where examples/daily-siem-export.json writes its file (allowed to n8n below). */
const SIEM_EXPORT_DIR = '/tmp/threat-alerts-siem';

const OWNER: Owner = {
	email: 'admin@example.com',
	password: process.env.THREAT_ALERTS_OWNER_PASSWORD ?? 'ThreatAlerts-demo-1',
	firstName: 'Threat',
	lastName: 'Admin',
};

const started = Date.now();
const step = (msg: string) =>
	console.log(`[start] ${msg} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

let sandbox: SandboxHandle | undefined;
let n8n: N8n | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		console.log('\n[start] stopping n8n and the simulator…');
		await n8n?.stop().catch(() => undefined);
		await sandbox?.stop().catch(() => undefined);
	}
	process.exit(code);
}
onInterrupt(() => {
	void shutdown(0);
});

try {
	const ensure = spawnSync('bash', [ENSURE_SCRIPT], {
		stdio: ['ignore', 'ignore', 'inherit'],
		cwd: REPO_ROOT,
	});
	if (ensure.status !== 0) throw new Error('scripts/ensure-n8n.sh failed');
	step('n8n runtime ready');
	if (!existsSync(join(REPO_ROOT, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` (npm start does)');

	mkdirSync(STATE_DIR, { recursive: true });
	sandbox = await startSandboxProcess({
		port: Number(process.env.THREAT_ALERTS_SANDBOX_PORT ?? 8787),
		seed: Number(process.env.THREAT_ALERTS_SANDBOX_SEED ?? 42),
		logFile: join(STATE_DIR, 'sandbox.log'),
	});
	step(`simulator listening on ${sandbox.url}`);

	// n8n keeps its own encryption key in <state dir>/.n8n/config
	n8n = new N8n({
		userFolder: STATE_DIR,
		logDir: join(STATE_DIR, 'logs'),
		encryptionKey: null,
		// n8n's default file-access folder plus the one the daily SIEM export example writes to
		extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: `~/.n8n-files;${SIEM_EXPORT_DIR}` },
	});
	mkdirSync(SIEM_EXPORT_DIR, { recursive: true });
	n8n.installPackage();
	step(`package installed into ${STATE_DIR}/.n8n/nodes`);
	// re-imported every time: the simulator port may change between runs
	await n8n.importCredentials(sandboxCredentials(sandbox.url));
	step('simulator credentials imported');

	const examples = loadWorkflows(EXAMPLES_DIR);
	const source = examples.length ? EXAMPLES_DIR : WORKFLOWS_DIR;
	const built = new Set(builtNodeTypes().map((t) => t.type));
	const all = (examples.length ? examples : loadWorkflows(WORKFLOWS_DIR)).map(
		bindSimulatorCredentials,
	);
	const usable = workflowsUsingBuiltNodes(all, built);
	const previous = existsSync(STATE_FILE)
		? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as Record<string, string>)
		: {};
	const hash = (wf: WorkflowJson) =>
		createHash('sha256').update(JSON.stringify(wf)).digest('hex').slice(0, 16);
	// import a workflow the first time it is seen (or when its file changed); keep the user's edits otherwise
	const fresh = usable
		.filter((wf) => previous[wf.id] !== hash(wf))
		.map((wf) => ({ ...wf, active: false }));
	if (fresh.length) {
		await n8n.importWorkflows(fresh);
		for (const wf of fresh) previous[wf.id] = hash(wf);
		writeFileSync(STATE_FILE, `${JSON.stringify(previous, null, 2)}\n`);
	}
	step(
		`${fresh.length} workflow(s) imported from ${source.replace(`${REPO_ROOT}/`, '')} (${usable.length} available)`,
	);

	await n8n.start({ port: Number(process.env.THREAT_ALERTS_N8N_PORT ?? 5678), timeoutMs: 180_000 });
	const rest = new RestClient(n8n.baseUrl, 'threat-alerts-npm-start');
	await rest.setupOrLogin(OWNER);
	step('n8n is up');

	const line = '─'.repeat(64);
	console.log(`\n${line}`);
	console.log(`  n8n 2.41.1 with n8n-nodes-threat-alerts   ${n8n.baseUrl}`);
	console.log(`  Login     ${OWNER.email} / ${OWNER.password}`);
	console.log(`  Simulator ${sandbox.url}   preconfigured credentials:`);
	for (const credential of sandboxCredentials(sandbox.url)) {
		console.log(`            "${credential.name}" (${credential.type})`);
	}
	console.log('            (Carbon Black Cloud: pick the CSP ones with Authentication = CSP OAuth App / CSP API Token)');
	console.log(`  Workflows ${usable.map((w) => w.name).join(', ') || 'none'}`);
	for (const wf of usable.filter((w) => w.nodes.some((n) => /\.lmChat/.test(n.type)))) {
		console.log(`            "${wf.name}" needs a chat-model credential (OpenAI) before it can run`);
	}
	console.log(
		`  New CBC alerts: curl -X POST ${sandbox.url}/_sandbox/cbc/alerts -H 'content-type: application/json' -d '{"count":3}'`,
	);
	console.log(
		`  New CTA alerts: curl -X POST ${sandbox.url}/_sandbox/cta/alerts -H 'content-type: application/json' -d '{"count":3}'`,
	);
	console.log(`  Data:     ${STATE_DIR} (delete it to reset)   Logs: ${STATE_DIR}/logs`);
	console.log('  Press Ctrl+C to stop.');
	console.log(`${line}\n`);

	// stay in the foreground until n8n or the simulator exits
	const which = await Promise.race([
		n8n.exited().then(() => 'n8n'),
		sandbox.daemon.exited.then(() => 'simulator'),
	]);
	if (!stopping) {
		console.error(
			`[start] ${which} exited unexpectedly; see ${STATE_DIR}/logs and ${STATE_DIR}/sandbox.log`,
		);
		await shutdown(1);
	}
} catch (error) {
	console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
	await shutdown(1);
}
