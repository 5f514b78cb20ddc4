// Child processes with timeouts, secret redaction and guaranteed cleanup.
// Every long-lived child is spawned in its own process group and killed (group-wide) when the
// parent exits, is interrupted, or the owner calls stop().
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createServer } from 'node:net';

const secrets = new Set<string>();

/** Register a value that must never appear in printed output or log files. */
export function addSecret(value: string | undefined): void {
	if (value && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
	let out = text;
	for (const s of secrets) out = out.split(s).join('***');
	return out;
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

const signalListeners: Array<(sig: NodeJS.Signals) => void> = [];
/** Called once on SIGINT/SIGTERM/SIGHUP before children are terminated. */
export function onInterrupt(fn: (sig: NodeJS.Signals) => void): void {
	installExitHooks();
	signalListeners.push(fn);
}

let hooksInstalled = false;
function installExitHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', () => {
		for (const child of live) killGroup(child, 'SIGKILL');
	});
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			for (const fn of signalListeners) fn(sig);
			for (const child of live) killGroup(child, 'SIGTERM');
			// give children up to 15 s for a clean shutdown; the 'exit' hook SIGKILLs the rest
			const deadline = Date.now() + 15_000;
			const check = setInterval(() => {
				if (live.size === 0 || Date.now() > deadline) {
					clearInterval(check);
					process.exit(130);
				}
			}, 100);
		});
	}
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface RunOptions extends SpawnOptions {
	timeoutMs?: number;
	/** Append (redacted) stdout and stderr to this file. */
	logFile?: string;
	input?: string;
}

function openLog(file: string | undefined): WriteStream | undefined {
	if (!file) return undefined;
	mkdirSync(dirname(file), { recursive: true });
	return createWriteStream(file, { flags: 'a' });
}

/** Run a command to completion (bounded by timeoutMs, default 120 s). Never throws on exit code. */
export async function run(
	cmd: string,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	installExitHooks();
	const { timeoutMs = 120_000, logFile, input, ...spawnOptions } = options;
	const started = Date.now();
	const log = openLog(logFile);
	log?.write(`\n$ ${redact([cmd, ...args].join(' '))}\n`);
	const child = spawn(cmd, args, {
		...spawnOptions,
		detached: true,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	live.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (d: Buffer) => {
		stdout += d.toString();
		log?.write(redact(d.toString()));
	});
	child.stderr?.on('data', (d: Buffer) => {
		stderr += d.toString();
		log?.write(redact(d.toString()));
	});
	if (input !== undefined) child.stdin?.end(input);
	else child.stdin?.end();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child, 'SIGTERM');
		setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
	}, timeoutMs);
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res, rej) => {
		child.on('error', rej);
		child.on('close', (c, s) => res([c, s]));
	});
	clearTimeout(timer);
	live.delete(child);
	// the command's own children (e.g. n8n's task runner) must not outlive it
	killGroup(child, 'SIGKILL');
	log?.end();
	if (timedOut) stderr += `\n[timed out after ${timeoutMs} ms]`;
	return { code: timedOut ? null : code, signal, stdout, stderr, ms: Date.now() - started };
}

export interface Daemon {
	child: ChildProcess;
	/** All output so far (redacted). */
	output(): string;
	/** Resolves with the first output line matching the predicate (or rejects on exit/timeout). */
	waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
	stop(graceMs?: number): Promise<void>;
	exited: Promise<number | null>;
}

/** Start a long-running process in its own process group; output is kept and optionally logged. */
export function startDaemon(cmd: string, args: string[], options: RunOptions = {}): Daemon {
	installExitHooks();
	const { logFile, timeoutMs: _ignored, input: _input, ...spawnOptions } = options;
	const log = openLog(logFile);
	log?.write(`\n$ ${redact([cmd, ...args].join(' '))}\n`);
	const child = spawn(cmd, args, {
		...spawnOptions,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	live.add(child);
	let buffer = '';
	const waiters: Array<{ match: (l: string) => boolean; resolve: (l: string) => void }> = [];
	let pending = '';
	const onData = (d: Buffer) => {
		const text = redact(d.toString());
		buffer += text;
		log?.write(text);
		pending += text;
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) {
			for (const w of [...waiters]) {
				if (w.match(line)) {
					waiters.splice(waiters.indexOf(w), 1);
					w.resolve(line);
				}
			}
		}
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const exited = new Promise<number | null>((res) => {
		child.on('close', (code) => {
			live.delete(child);
			killGroup(child, 'SIGKILL');
			log?.end();
			res(code);
		});
		child.on('error', () => res(null));
	});
	return {
		child,
		exited,
		output: () => buffer,
		waitForLine(match, timeoutMs) {
			for (const line of buffer.split('\n')) if (match(line)) return Promise.resolve(line);
			return new Promise<string>((res, rej) => {
				const timer = setTimeout(
					() => rej(new Error(`timed out after ${timeoutMs} ms waiting for output of ${cmd}`)),
					timeoutMs,
				);
				waiters.push({
					match,
					resolve: (l) => {
						clearTimeout(timer);
						res(l);
					},
				});
				void exited.then((code) => {
					clearTimeout(timer);
					rej(
						new Error(
							`${cmd} exited with code ${code} before the expected output.\n${tail(buffer)}`,
						),
					);
				});
			});
		},
		async stop(graceMs = 15_000) {
			if (child.exitCode !== null || child.signalCode !== null) {
				await exited;
				return;
			}
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		},
	};
}

export function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(preferred?: number): Promise<number> {
	const tryListen = (port: number) =>
		new Promise<number>((res, rej) => {
			const srv = createServer();
			srv.once('error', rej);
			srv.listen(port, '127.0.0.1', () => {
				const addr = srv.address();
				const p = typeof addr === 'object' && addr ? addr.port : port;
				srv.close(() => res(p));
			});
		});
	if (preferred) {
		try {
			return await tryListen(preferred);
		} catch {
			// busy: fall through to a random port
		}
	}
	return tryListen(0);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((res) => setTimeout(res, ms));
}

/** Poll `fn` until it returns a non-undefined value or the deadline passes. */
export async function waitFor<T>(
	what: string,
	fn: () => Promise<T | undefined>,
	{ timeoutMs = 60_000, intervalMs = 500 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await fn();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		await sleep(intervalMs);
	}
	throw new Error(
		`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
	);
}
