// Throwaway Postgres and Redis for the production-modes e2e (test/e2e/modes/).
//
// Postgres comes from Debian's `postgresql` package (binaries under /usr/lib/postgresql/<v>/bin)
// and refuses to run as root: as root the data folder is owned by the `postgres` user and the
// server runs through `runuser -u postgres`. The folder lives under the system temp dir, not
// ~/.cache (a root home is mode 0700, which the postgres user cannot enter). Redis is a plain
// `redis-server` child process without persistence. Both listen on free ports on 127.0.0.1 only
// and are killed with the test (process groups, see ../../lib/proc.mts).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runtimeModule } from '../../lib/paths.mts';
import { addSecret, freePort, run, sleep, startDaemon, tail, type Daemon } from '../../lib/proc.mts';

// ---------------------------------------------------------------------------------------------
// pg (the driver n8n itself ships, from the cached runtime)

export interface PgClient {
	connect(): Promise<void>;
	query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
	end(): Promise<void>;
	on(event: 'error', fn: (error: Error) => void): void;
}
type PgClientCtor = new (config: Record<string, unknown>) => PgClient;

let pgModule: { Client: PgClientCtor } | undefined;
function pg(): { Client: PgClientCtor } {
	pgModule ??= createRequire(join(runtimeModule('pg'), 'package.json'))('pg') as { Client: PgClientCtor };
	return pgModule;
}

export interface PgConnection {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
}

/** One short-lived connection per call: simple and robust against server restarts. */
export async function withPg<T>(conn: PgConnection, fn: (client: PgClient) => Promise<T>): Promise<T> {
	const client = new (pg().Client)({ ...conn, connectionTimeoutMillis: 10_000, statement_timeout: 120_000 });
	client.on('error', () => undefined);
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end().catch(() => undefined);
	}
}

// ---------------------------------------------------------------------------------------------
// Postgres

/** The newest Debian postgres bin folder, or the folder of `initdb` on PATH. */
export function findPostgresBin(): string | undefined {
	if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'postgres'))) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	if (existsSync(root)) {
		const versions = readdirSync(root)
			.filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'postgres')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length) return join(root, versions[0], 'bin');
	}
	try {
		const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
		if (initdb) return join(initdb, '..');
	} catch {
		// not on PATH
	}
	return undefined;
}

export function findRedisServer(): string | undefined {
	try {
		return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
	} catch {
		return undefined;
	}
}

export interface PostgresHandle {
	port: number;
	superuser: PgConnection;
	daemon: Daemon;
	version: string;
	stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUid(): { uid: number; gid: number } {
	const out = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
	const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
	return { uid: Number(out), gid: Number(gid) };
}

/** initdb + postgres on a free port; `dir` is created (and emptied) for the data folder. */
export async function startPostgres(options: { dir: string; logFile: string }): Promise<PostgresHandle> {
	const bin = findPostgresBin();
	if (!bin) throw new Error('Postgres binaries not found: apt-get install -y postgresql (or set PG_BIN)');
	rmSync(options.dir, { recursive: true, force: true });
	mkdirSync(options.dir, { recursive: true, mode: 0o700 });
	const dataDir = join(options.dir, 'data');
	const pwFile = join(options.dir, 'pwfile');
	const password = `pg-${randomBytes(12).toString('hex')}`;
	addSecret(password);
	writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	const asPostgres = (cmd: string, args: string[]): [string, string[]] =>
		isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
	if (isRoot()) {
		const { uid, gid } = postgresUid();
		chownSync(options.dir, uid, gid);
		chownSync(pwFile, uid, gid);
	}
	const [initCmd, initArgs] = asPostgres(join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		'postgres',
		'--auth-local=trust',
		'--auth-host=scram-sha-256',
		`--pwfile=${pwFile}`,
		'-E',
		'UTF8',
		'--no-locale',
	]);
	const init = await run(initCmd, initArgs, { timeoutMs: 120_000, logFile: options.logFile, cwd: options.dir });
	rmSync(pwFile, { force: true });
	if (init.code !== 0) throw new Error(`initdb failed (code ${init.code}):\n${tail(init.stdout + init.stderr)}`);
	const port = await freePort();
	// This server only holds test data: skip fsync for speed (n8n is what gets killed, never Postgres).
	const [pgCmd, pgArgs] = asPostgres(join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		options.dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
		'-c',
		'shared_buffers=256MB',
	]);
	const daemon = startDaemon(pgCmd, pgArgs, { logFile: options.logFile, cwd: options.dir });
	const superuser: PgConnection = { host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' };
	const deadline = Date.now() + 60_000;
	let version = '';
	for (;;) {
		try {
			version = await withPg(superuser, async (c) => String((await c.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version));
			break;
		} catch (error) {
			if (daemon.child.exitCode !== null) throw new Error(`postgres exited:\n${tail(daemon.output())}`);
			if (Date.now() > deadline) throw new Error(`postgres did not accept connections: ${String(error)}\n${tail(daemon.output())}`);
			await sleep(300);
		}
	}
	return {
		port,
		superuser,
		daemon,
		version,
		stop: async () => {
			await daemon.stop(10_000);
			rmSync(options.dir, { recursive: true, force: true });
		},
	};
}

/** A login role owning a new database. */
export async function createDatabase(pgHandle: PostgresHandle, name: string, owner: string, password: string): Promise<PgConnection> {
	addSecret(password);
	await withPg(pgHandle.superuser, async (c) => {
		const roles = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [owner]);
		if (!roles.rows.length) await c.query(`CREATE ROLE "${owner}" LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
		await c.query(`CREATE DATABASE "${name}" OWNER "${owner}"`);
	});
	return { host: '127.0.0.1', port: pgHandle.port, user: owner, password, database: name };
}

// ---------------------------------------------------------------------------------------------
// Redis

export interface RedisHandle {
	port: number;
	daemon: Daemon;
	version: string;
	stop(): Promise<void>;
}

export async function startRedis(options: { dir: string; logFile: string }): Promise<RedisHandle> {
	const server = findRedisServer();
	if (!server) throw new Error('redis-server not found: apt-get install -y redis-server');
	rmSync(options.dir, { recursive: true, force: true });
	mkdirSync(options.dir, { recursive: true });
	chmodSync(options.dir, 0o700);
	const port = await freePort();
	const daemon = startDaemon(
		server,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', options.dir, '--daemonize', 'no'],
		{ logFile: options.logFile, cwd: options.dir },
	);
	await daemon.waitForLine((l) => l.includes('Ready to accept connections'), 30_000);
	const version = /(?:version|v)=(\d[\w.]*)/.exec(daemon.output())?.[1] ?? 'unknown';
	return {
		port,
		daemon,
		version,
		stop: async () => {
			await daemon.stop(5000);
			rmSync(options.dir, { recursive: true, force: true });
		},
	};
}
