// Starts the API simulator (sandbox/main.mts) as a child process on a free port.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { freePort, startDaemon, type Daemon } from './proc.mts';
import { REPO_ROOT } from './paths.mts';

export interface SandboxStats {
	total: number;
	byRoute: Record<string, number>;
}

export interface SandboxHandle {
	url: string;
	port: number;
	daemon: Daemon;
	stats(): Promise<SandboxStats>;
	resetStats(): Promise<void>;
	requests(): Promise<unknown>;
	/** Call a control endpoint, e.g. control('POST', '/_sandbox/cbc/alerts', {...}). */
	control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	stop(): Promise<void>;
}

export const SANDBOX_MAIN = join(REPO_ROOT, 'sandbox', 'main.mts');

export function sandboxAvailable(): boolean {
	return existsSync(SANDBOX_MAIN);
}

export async function startSandboxProcess(options: {
	port?: number;
	seed?: number;
	logFile?: string;
	extraArgs?: string[];
	/** Node binary to run it with (default: the current one). */
	node?: string;
}): Promise<SandboxHandle> {
	const port = await freePort(options.port);
	const args = [
		'--import',
		'tsx',
		SANDBOX_MAIN,
		'--port',
		String(port),
		'--seed',
		String(options.seed ?? 42),
		...(options.extraArgs ?? []),
	];
	const daemon = startDaemon(options.node ?? process.execPath, args, {
		cwd: REPO_ROOT,
		logFile: options.logFile,
		env: { ...process.env, NODE_OPTIONS: '' },
	});
	let url: string;
	try {
		const line = await daemon.waitForLine(
			(l) => l.trim().startsWith('{') && l.includes('"ready"'),
			30_000,
		);
		url = (JSON.parse(line.trim()) as { url: string }).url;
	} catch (error) {
		await daemon.stop();
		throw error;
	}
	const call = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
		const res = await fetch(url + path, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(15_000),
		});
		const text = await res.text();
		if (!res.ok)
			throw new Error(`sandbox ${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	};
	return {
		url,
		port,
		daemon,
		stats: () => call<SandboxStats>('GET', '/_sandbox/stats'),
		resetStats: async () => {
			await call('POST', '/_sandbox/stats/reset');
		},
		requests: () => call('GET', '/_sandbox/requests'),
		control: call,
		stop: () => daemon.stop(5000),
	};
}
