// Drives a real n8n 2.41.1 (from the cached runtime, under its Node 24) with a throwaway or
// persistent user folder: community-package install, CLI import/execute/publish, `n8n start`.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { N8N_BIN, NODE24, PACKAGE_NAME, REPO_ROOT } from './paths.mts';
import {
	addSecret,
	freePort,
	run,
	startDaemon,
	tail,
	waitFor,
	type Daemon,
	type RunResult,
} from './proc.mts';

export interface N8nOptions {
	/** N8N_USER_FOLDER; n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder: string;
	/** Folder for command logs (redacted). */
	logDir: string;
	/** HTTP port for `n8n start` (default: a free one; 5678 preferred when `preferPort`). */
	port?: number;
	/** Fixed N8N_ENCRYPTION_KEY; `null` lets n8n create and keep its own in `<userFolder>/.n8n/config`. */
	encryptionKey?: string | null;
	extraEnv?: Record<string, string>;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface ExecuteResult extends RunResult {
	json?: ExecuteOutput;
}

/** Shape of `n8n execute --rawOutput` (an IRun). */
export interface ExecuteOutput {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message?: string; description?: string };
					data?: {
						main?: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null>;
					};
				}>
			>;
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

export const DEFAULT_ENCRYPTION_KEY = 'threat-alerts-e2e-fixed-encryption-key';

export class N8n {
	readonly userFolder: string;
	readonly logDir: string;
	readonly encryptionKey: string | null;
	port: number;
	private brokerPort = 0;
	private daemon?: Daemon;
	private readonly extraEnv: Record<string, string>;

	constructor(options: N8nOptions) {
		this.userFolder = options.userFolder;
		this.logDir = options.logDir;
		this.port = options.port ?? 0;
		this.encryptionKey =
			options.encryptionKey === undefined ? DEFAULT_ENCRYPTION_KEY : options.encryptionKey;
		this.extraEnv = options.extraEnv ?? {};
		addSecret(this.encryptionKey ?? undefined);
		mkdirSync(this.userFolder, { recursive: true });
		mkdirSync(this.logDir, { recursive: true });
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get dataDir(): string {
		return join(this.userFolder, '.n8n');
	}

	env(): NodeJS.ProcessEnv {
		const keep: NodeJS.ProcessEnv = {};
		for (const k of ['HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'USER', 'SHELL'])
			if (process.env[k]) keep[k] = process.env[k];
		return {
			...keep,
			PATH: `${join(NODE24, '..')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
			NODE_ENV: 'production',
			NODE_OPTIONS: '',
			TZ: 'UTC',
			GENERIC_TIMEZONE: 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			...(this.encryptionKey ? { N8N_ENCRYPTION_KEY: this.encryptionKey } : {}),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port || 5678),
			N8N_EDITOR_BASE_URL: this.port ? this.baseUrl : '',
			...(this.brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(this.brokerPort) } : {}),
			N8N_LOG_LEVEL: 'info',
			DB_SQLITE_POOL_SIZE: '2',
			...this.extraEnv,
		};
	}

	/** Run an n8n CLI command with the pinned runtime. */
	async cli(args: string[], timeoutMs = 180_000): Promise<RunResult> {
		// `n8n execute` starts a task broker too: never collide with a running `n8n start`
		const env = { ...this.env(), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		return run(NODE24, [N8N_BIN, ...args], {
			cwd: this.userFolder,
			env,
			timeoutMs,
			logFile: join(this.logDir, 'n8n-cli.log'),
		});
	}

	private async cliOk(args: string[], timeoutMs?: number): Promise<RunResult> {
		const res = await this.cli(args, timeoutMs);
		if (res.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} failed (code ${res.code}):\n${tail(res.stdout + res.stderr)}`,
			);
		}
		return res;
	}

	/**
	 * Install our built package the way a user's community install lays it out:
	 * `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-threat-alerts/{package.json,dist}`.
	 */
	installPackage(): void {
		const dist = join(REPO_ROOT, 'dist');
		if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` first');
		const nodesDir = join(this.dataDir, 'nodes');
		const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
			version: string;
		};
		cpSync(join(REPO_ROOT, 'package.json'), join(target, 'package.json'));
		cpSync(dist, join(target, 'dist'), { recursive: true });
		for (const extra of ['README.md', 'LICENSE', 'LICENSE.md']) {
			if (existsSync(join(REPO_ROOT, extra))) cpSync(join(REPO_ROOT, extra), join(target, extra));
		}
		const nodesPkgPath = join(nodesDir, 'package.json');
		const nodesPkg = existsSync(nodesPkgPath)
			? (JSON.parse(readFileSync(nodesPkgPath, 'utf8')) as {
					dependencies?: Record<string, string>;
				})
			: { name: 'installed-nodes', private: true, dependencies: {} };
		nodesPkg.dependencies = { ...(nodesPkg.dependencies ?? {}), [PACKAGE_NAME]: pkg.version };
		writeFileSync(nodesPkgPath, `${JSON.stringify(nodesPkg, null, 2)}\n`);
	}

	async importCredentials(credentials: CredentialImport[]): Promise<void> {
		for (const c of credentials) {
			for (const [k, v] of Object.entries(c.data)) {
				if (typeof v === 'string' && /secret|password|token/i.test(k)) addSecret(v);
			}
		}
		const file = join(this.userFolder, 'import', 'credentials.json');
		mkdirSync(join(file, '..'), { recursive: true });
		writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			await this.cliOk(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	/** Import workflow JSON objects (each must carry an `id`). */
	async importWorkflows(workflows: Array<Record<string, unknown>>): Promise<void> {
		const dir = join(this.userFolder, 'import', 'workflows');
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		workflows.forEach((wf, i) =>
			writeFileSync(join(dir, `${i}.json`), JSON.stringify(wf, null, 2)),
		);
		await this.cliOk(['import:workflow', '--separate', `--input=${dir}`]);
	}

	async execute(workflowId: string, timeoutMs = 180_000): Promise<ExecuteResult> {
		const res = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs);
		return { ...res, json: parseExecuteOutput(res.stdout) };
	}

	async publish(workflowId: string): Promise<void> {
		await this.cliOk(['publish:workflow', `--id=${workflowId}`]);
	}

	/** `n8n start`; resolves when /healthz answers 200. */
	async start({
		port,
		timeoutMs = 120_000,
	}: { port?: number; timeoutMs?: number } = {}): Promise<void> {
		if (this.daemon) throw new Error('n8n is already running');
		this.port = await freePort(port ?? (this.port || undefined));
		this.brokerPort = await freePort();
		const daemon = startDaemon(NODE24, [N8N_BIN, 'start'], {
			cwd: this.userFolder,
			env: this.env(),
			logFile: join(this.logDir, 'n8n-start.log'),
		});
		this.daemon = daemon;
		let exited = false;
		void daemon.exited.then(() => {
			exited = true;
		});
		try {
			await waitFor(
				'n8n /healthz',
				async () => {
					if (exited) throw new Error(`n8n start exited early:\n${tail(daemon.output())}`);
					const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
					return res.ok ? true : undefined;
				},
				{ timeoutMs, intervalMs: 500 },
			);
			// /healthz answers before the REST API and community nodes are fully loaded
			await waitFor(
				'n8n /rest/settings',
				async () => {
					if (exited) throw new Error(`n8n start exited early:\n${tail(daemon.output())}`);
					const res = await fetch(`${this.baseUrl}/rest/settings`, {
						signal: AbortSignal.timeout(5000),
					});
					return res.ok ? true : undefined;
				},
				{ timeoutMs, intervalMs: 500 },
			);
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	output(): string {
		return this.daemon?.output() ?? '';
	}

	/** Resolves when the `n8n start` process exits (at once if it is not running). */
	exited(): Promise<number | null> {
		return this.daemon?.exited ?? Promise.resolve(null);
	}

	get running(): boolean {
		return !!this.daemon;
	}

	async stop(): Promise<void> {
		const d = this.daemon;
		this.daemon = undefined;
		if (d) await d.stop(20_000);
	}
}

/** Parse `n8n execute --rawOutput` stdout: JSON starts at the first line beginning with `{`. */
export function parseExecuteOutput(stdout: string): ExecuteOutput | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l.startsWith('{'));
	if (start < 0) return undefined;
	// trailing log lines may follow; shrink from the end until it parses
	for (let end = lines.length; end > start; end--) {
		if (!lines[end - 1].startsWith('}')) continue;
		try {
			return JSON.parse(lines.slice(start, end).join('\n')) as ExecuteOutput;
		} catch {
			// keep shrinking
		}
	}
	return undefined;
}

/** Items a node emitted on its first output in its last run. */
export function nodeItems(out: ExecuteOutput, nodeName: string): Array<Record<string, unknown>> {
	const runs = out.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	const last = runs[runs.length - 1];
	return (last.data?.main?.[0] ?? []).map((i) => i.json);
}

export function executionError(out: ExecuteOutput | undefined): string | undefined {
	if (!out) return 'no JSON output';
	const e = out.data.resultData.error;
	if (e) return `${e.message ?? 'error'}${e.description ? ` — ${e.description}` : ''}`;
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// REST client (cookie + browser-id, as the editor sends them)

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export class RestClient {
	private cookie = '';
	readonly browserId: string;

	constructor(
		readonly baseUrl: string,
		browserId = 'threat-alerts-e2e-browser',
	) {
		this.browserId = browserId;
	}

	async request<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
		timeoutMs = 30_000,
	): Promise<T> {
		const res = await this.raw(method, path, body, timeoutMs);
		const text = await res.text();
		if (!res.ok) throw new RestError(method, path, res.status, text);
		if (!text) return undefined as T;
		const parsed = JSON.parse(text) as { data?: unknown };
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	async raw(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<Response> {
		const headers: Record<string, string> = {
			'browser-id': this.browserId,
			accept: 'application/json',
		};
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(this.baseUrl + path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		return res;
	}

	/** Create the owner (only possible before one exists), or log in if it already exists. */
	async setupOrLogin(owner: Owner): Promise<void> {
		addSecret(owner.password);
		// Right after start-up the REST layer can answer before it is fully wired; ask again.
		let settings: { userManagement?: { showSetupOnFirstLoad?: boolean } } | undefined;
		for (let attempt = 1; ; attempt++) {
			try {
				settings = await this.request('GET', '/rest/settings');
				break;
			} catch (error) {
				const early = !(error instanceof RestError) || [404, 502, 503].includes(error.status);
				if (attempt >= 10 || !early) throw error;
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
		}
		if (settings?.userManagement?.showSetupOnFirstLoad !== false) {
			try {
				await this.request('POST', '/rest/owner/setup', owner);
				if (this.cookie) return;
			} catch (error) {
				if (!(error instanceof RestError) || error.status !== 400) throw error;
			}
		}
		await this.login(owner.email, owner.password);
	}

	async login(email: string, password: string): Promise<void> {
		addSecret(password);
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		if (!this.cookie) throw new Error('login did not return an n8n-auth cookie');
	}

	get authCookie(): string {
		return this.cookie;
	}
}

export class RestError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${method} ${path} → ${status}: ${body.slice(0, 500)}`);
	}
}
