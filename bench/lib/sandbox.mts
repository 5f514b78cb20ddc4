// The simulator for scenarios whose data takes long to generate. test/e2e/lib/sandbox.mts's
// startSandboxProcess waits 30 s for the "ready" line; generating 500,000 CBC alerts (P7) takes
// about 21–23 s here with a test run busy on the other core, so a second busy process would time
// it out. This is the same start with a longer wait (and the same handle).
import type { SandboxHandle } from '../../test/e2e/lib/sandbox.mts';
import { SANDBOX_MAIN } from '../../test/e2e/lib/sandbox.mts';
import { freePort, startDaemon } from '../../test/e2e/lib/proc.mts';
import { REPO_ROOT } from '../../test/e2e/lib/paths.mts';

export async function startSlowSandboxProcess(options: {
	seed: number;
	extraArgs: string[];
	readyTimeoutMs: number;
}): Promise<SandboxHandle> {
	const port = await freePort();
	const args = ['--import', 'tsx', SANDBOX_MAIN, '--port', String(port), '--seed', String(options.seed), ...options.extraArgs];
	const daemon = startDaemon(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
	let url: string;
	try {
		const line = await daemon.waitForLine((l) => l.trim().startsWith('{') && l.includes('"ready"'), options.readyTimeoutMs);
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
		if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	};
	return {
		url,
		port,
		daemon,
		stats: () => call('GET', '/_sandbox/stats'),
		resetStats: async () => {
			await call('POST', '/_sandbox/stats/reset');
		},
		requests: () => call('GET', '/_sandbox/requests'),
		control: call,
		stop: () => daemon.stop(5000),
	};
}
