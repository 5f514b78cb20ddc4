// n8n 2.41.1 in queue mode: one main (`n8n start`, runs the durable poll scheduler) and workers
// (`n8n worker`), all on one Postgres and one Redis, each with its own user folder and our
// package installed there as a community package. The main can be killed with SIGKILL and
// started again.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { N8N_BIN, NODE24 } from '../../lib/paths.mts';
import { N8n } from '../../lib/n8n.mts';
import { freePort, startDaemon, tail, waitFor, type Daemon } from '../../lib/proc.mts';
import type { PgConnection } from './services.mts';

export interface ClusterOptions {
	dir: string;
	logDir: string;
	db: PgConnection;
	redisPort: number;
	encryptionKey: string;
	workers: number;
	workerConcurrency: number;
	/** Extra environment for every process (scheduler switches, timeouts…). */
	env: Record<string, string>;
}

/**
 * n8n names an instance `<type>-<hostname>` when it believes it runs in a container (/.dockerenv,
 * as in CI and here), so processes on one machine would share a host ID ("Detected multiple
 * instances sharing the same hostId"). As root each process gets its own UTS namespace and
 * hostname, as separate containers have (the main keeps its name across restarts, as a
 * restarted container does).
 */
function hostnameWrapper(name: string, cmd: string, args: string[]): [string, string[]] {
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	let unshare = '';
	try {
		unshare = execFileSync('sh', ['-c', 'command -v unshare'], { encoding: 'utf8' }).trim();
	} catch {
		// not installed
	}
	if (!root || !unshare) return [cmd, args];
	return [unshare, ['--uts', '--fork', '--', 'sh', '-c', 'hostname "$0" && exec "$@"', name, cmd, ...args]];
}

export interface Incarnation {
	index: number;
	pid: number;
	startedAt: number;
	readyAt?: number;
	killedAt?: number;
}

export class Cluster {
	readonly main: N8n;
	readonly workers: N8n[] = [];
	private mainDaemon?: Daemon;
	private workerDaemons: Daemon[] = [];
	readonly incarnations: Incarnation[] = [];
	/** Called with (pid, name) for every process started (for the attribution proxy). */
	onProcess: (pid: number, name: string) => void = () => undefined;

	constructor(private readonly options: ClusterOptions) {
		const shared = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: options.db.host,
			DB_POSTGRESDB_PORT: String(options.db.port),
			DB_POSTGRESDB_DATABASE: options.db.database,
			DB_POSTGRESDB_USER: options.db.user,
			DB_POSTGRESDB_PASSWORD: options.db.password,
			DB_POSTGRESDB_POOL_SIZE: '4',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(options.redisPort),
			...options.env,
		};
		this.main = new N8n({
			userFolder: join(options.dir, 'main'),
			logDir: join(options.logDir, 'main'),
			encryptionKey: options.encryptionKey,
			extraEnv: shared,
		});
		for (let i = 1; i <= options.workers; i++) {
			this.workers.push(
				new N8n({
					userFolder: join(options.dir, `worker-${i}`),
					logDir: join(options.logDir, `worker-${i}`),
					encryptionKey: options.encryptionKey,
					extraEnv: shared,
				}),
			);
		}
	}

	/** Our package in every process's user folder (a worker runs the trigger node's type too). */
	installPackage(): void {
		this.main.installPackage();
		for (const w of this.workers) w.installPackage();
	}

	get mainUrl(): string {
		return this.main.baseUrl;
	}

	get mainPid(): number | undefined {
		return this.mainDaemon?.child.pid;
	}

	get mainRunning(): boolean {
		const d = this.mainDaemon;
		return !!d && d.child.exitCode === null && d.child.signalCode === null;
	}

	/** `n8n start`; resolves when /healthz and /rest/settings answer. */
	async startMain(timeoutMs = 180_000): Promise<Incarnation> {
		if (this.mainRunning) throw new Error('the main is already running');
		if (!this.main.port) this.main.port = await freePort();
		const index = this.incarnations.length + 1;
		const env = { ...this.main.env(), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const [cmd, args] = hostnameWrapper('n8n-main', NODE24, [N8N_BIN, 'start']);
		const daemon = startDaemon(cmd, args, {
			cwd: this.main.userFolder,
			env,
			logFile: join(this.options.logDir, 'main', `n8n-start-${index}.log`),
		});
		this.mainDaemon = daemon;
		const incarnation: Incarnation = { index, pid: daemon.child.pid ?? -1, startedAt: Date.now() };
		this.incarnations.push(incarnation);
		this.onProcess(incarnation.pid, `main#${index}`);
		const exited = () => daemon.child.exitCode !== null || daemon.child.signalCode !== null;
		for (const path of ['/healthz', '/rest/settings']) {
			await waitFor(
				`n8n main ${path}`,
				async () => {
					if (exited()) throw new Error(`n8n start exited early:\n${tail(daemon.output())}`);
					const res = await fetch(`${this.main.baseUrl}${path}`, { signal: AbortSignal.timeout(5000) });
					return res.ok ? true : undefined;
				},
				{ timeoutMs, intervalMs: 250 },
			).catch((error: unknown) => {
				if (exited()) throw new Error(`n8n start exited early:\n${tail(daemon.output())}`);
				throw error;
			});
		}
		incarnation.readyAt = Date.now();
		return incarnation;
	}

	/** SIGKILL to the main and its process group (its task runner): no shutdown hooks run. */
	async killMain(): Promise<Incarnation | undefined> {
		const d = this.mainDaemon;
		const incarnation = this.incarnations[this.incarnations.length - 1];
		if (!d || d.child.pid === undefined) return undefined;
		try {
			process.kill(-d.child.pid, 'SIGKILL');
		} catch {
			d.child.kill('SIGKILL');
		}
		if (incarnation) incarnation.killedAt = Date.now();
		await d.exited;
		this.mainDaemon = undefined;
		return incarnation;
	}

	async stopMain(): Promise<void> {
		const d = this.mainDaemon;
		this.mainDaemon = undefined;
		if (d) await d.stop(30_000);
	}

	mainOutput(): string {
		return this.mainDaemon?.output() ?? '';
	}

	async startWorkers(timeoutMs = 180_000): Promise<void> {
		await Promise.all(
			this.workers.map(async (worker, i) => {
				const env = {
					...worker.env(),
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					N8N_PORT: String(await freePort()),
				};
				const [cmd, args] = hostnameWrapper(`n8n-worker-${i + 1}`, NODE24, [
					N8N_BIN,
					'worker',
					`--concurrency=${this.options.workerConcurrency}`,
				]);
				const daemon = startDaemon(
					cmd,
					args,
					{
						cwd: worker.userFolder,
						env,
						logFile: join(this.options.logDir, `worker-${i + 1}`, 'n8n-worker.log'),
					},
				);
				this.workerDaemons.push(daemon);
				this.onProcess(daemon.child.pid ?? -1, `worker-${i + 1}`);
				await daemon.waitForLine((l) => l.includes('n8n worker is now ready'), timeoutMs);
			}),
		);
	}

	workersAlive(): boolean[] {
		return this.workerDaemons.map((d) => d.child.exitCode === null && d.child.signalCode === null);
	}

	workerOutput(i: number): string {
		return this.workerDaemons[i]?.output() ?? '';
	}

	async stop(): Promise<void> {
		await this.stopMain();
		await Promise.all(this.workerDaemons.map((d) => d.stop(30_000)));
		this.workerDaemons = [];
	}
}
