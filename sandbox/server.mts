// Simulator core: HTTP server, clock, PRNG, request log/stats, faults, control endpoints.
// Vendor behaviour lives in modules implementing VendorModule (sandbox/types.mts).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { SYNTAX_ERROR, type SandboxContext, type SandboxRequest, type SandboxResponse, type VendorModule } from './types.mts';
import { streamRandom } from './rng.mts';
import { Faults, FaultError, defaultFaultBody } from './faults.mts';
import { createCbc } from './cbc/index.mts';

export interface SandboxOptions {
	port?: number;
	seed?: number;
	cbcAlerts?: number;
	ctaAlerts?: number;
	/** Simulated "now" at start (ISO string or ms); the clock then advances in real time. */
	now?: string | number;
	[key: string]: unknown;
}

export interface RequestLogEntry {
	seq: number;
	time: string;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	body: unknown;
	status: number | null;
	vendor: string | null;
	route: string | null;
	/** Names of auth headers present (never their values). */
	auth: string[];
	fault?: string;
	durationMs: number;
}

const LOG_LIMIT = 20_000;
const BODY_LIMIT = 20 * 1024 * 1024;
const AUTH_HEADERS = ['x-auth-token', 'authorization', 'cookie', 'x-api-key', 'proxy-authorization'];
const SECRET_KEY = /secret|password|passwd|token|api_?key|authorization|credential|assertion/i;
const SECRET_WORD = 'secret|password|passwd|token|api_?key|authorization|credential|assertion';
const FORM_BODY = /^[\w.~%+-]+=[^&\s]*(&[\w.~%+-]+(=[^&\s]*)?)*$/;

/** Mask values under secret-looking keys before anything is logged. */
export function redact(value: unknown, depth = 0): unknown {
	if (depth > 8 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value as Record<string, unknown>))
		out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== '' ? '[REDACTED]' : redact(v, depth + 1);
	return out;
}

/**
 * Mask secrets in a body logged as text (not JSON, or JSON that did not parse): `"secretKey": "…"`,
 * `secret_key=…` pairs and `Bearer …` / `Basic …` credentials.
 */
export function redactText(text: string): string {
	return text
		.replace(new RegExp(`("[^"]*(?:${SECRET_WORD})[^"]*"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), '$1"[REDACTED]"')
		.replace(new RegExp(`((?:^|[&?;,\\s])[\\w.%-]*(?:${SECRET_WORD})[\\w.%-]*=)[^&\\s]*`, 'gi'), '$1[REDACTED]')
		.replace(/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, '$1 [REDACTED]');
}

function queryToObject(q: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const k of new Set(q.keys())) {
		const all = q.getAll(k);
		out[k] = all.length === 1 ? all[0] : all;
	}
	return out;
}

function parseClock(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(String(value));
	if (!Number.isFinite(ms)) throw new Error(`invalid now: ${String(value)}`);
	return ms;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): SandboxResponse => ({ status, body, headers });

export class Sandbox {
	readonly ctx: SandboxContext;
	readonly faults = new Faults();
	readonly modules: VendorModule[] = [];
	private server: Server;
	private options: SandboxOptions;
	private seed: number;
	private offsetMs = 0;
	private url = '';
	private seq = 0;
	private log: RequestLogEntry[] = [];
	/** maxInFlight: the most vendor requests this simulator was answering at one time. */
	private stats = { total: 0, byRoute: {} as Record<string, number>, byStatus: {} as Record<string, number>, maxInFlight: 0 };
	private inFlight = 0;

	constructor(options: SandboxOptions = {}) {
		this.options = { ...options };
		this.seed = Number(options.seed ?? 42) >>> 0;
		const start = parseClock(options.now);
		if (start !== undefined) this.offsetMs = start - Date.now();
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const self = this;
		this.ctx = {
			get seed() {
				return self.seed;
			},
			now: () => Date.now() + self.offsetMs,
			random: (stream: string) => streamRandom(self.seed, stream),
			baseUrl: () => self.url,
		};
		this.server = createServer((req, res) => {
			this.onRequest(req, res).catch((err) => {
				process.stderr.write(`[sandbox] unhandled error: ${(err as Error).stack ?? String(err)}\n`);
				if (!res.headersSent) this.send(res, json(500, { error_code: 'INTERNAL_SERVER_ERROR', message: 'sandbox error' }));
			});
		});
		this.server.keepAliveTimeout = 5000;
	}

	/** Create vendor modules (CBC always; CTA when sandbox/cta/index.mts exists). */
	async init(): Promise<void> {
		const opts = this.moduleOptions(this.options.now);
		this.modules.push(createCbc(this.ctx, opts));
		const ctaFile = fileURLToPath(new URL('./cta/index.mts', import.meta.url));
		if (existsSync(ctaFile)) {
			try {
				const mod = (await import('./cta/index.mts' as string)) as {
					createCta?: (ctx: SandboxContext, o: Record<string, unknown>) => VendorModule;
				};
				if (typeof mod.createCta === 'function') this.modules.push(mod.createCta(this.ctx, opts));
				else process.stderr.write('[sandbox] sandbox/cta/index.mts has no createCta export; CTA disabled\n');
			} catch (err) {
				process.stderr.write(`[sandbox] failed to load CTA module: ${(err as Error).stack ?? String(err)}\n`);
			}
		}
	}

	/** Options for vendor modules; `now` only when this start/reset set the clock explicitly. */
	private moduleOptions(explicitNow?: unknown): Record<string, unknown> {
		const { now: _now, ...rest } = this.options;
		return { ...rest, seed: this.seed, ...(explicitNow !== undefined ? { now: explicitNow } : {}) };
	}

	async listen(port = 0): Promise<string> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const addr = this.server.address() as AddressInfo;
		this.url = `http://127.0.0.1:${addr.port}`;
		return this.url;
	}

	get port(): number {
		return (this.server.address() as AddressInfo | null)?.port ?? 0;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	/** Reseed everything and clear faults, stats and the request log. */
	reset(overrides: Record<string, unknown> = {}): void {
		this.options = { ...this.options, ...overrides };
		if (overrides.seed !== undefined) this.seed = Number(overrides.seed) >>> 0;
		const start = parseClock(overrides.now);
		if (start !== undefined) this.offsetMs = start - Date.now();
		this.faults.clear();
		this.resetStats();
		this.log = [];
		for (const m of this.modules) m.reset(this.moduleOptions(overrides.now));
	}

	private resetStats(): void {
		this.stats = { total: 0, byRoute: {}, byStatus: {}, maxInFlight: 0 };
	}

	// ---- request plumbing ----

	private readBody(req: IncomingMessage): Promise<string> {
		return new Promise((resolve, reject) => {
			let data = '';
			let size = 0;
			req.setEncoding('utf8');
			req.on('data', (c: string) => {
				size += c.length;
				if (size > BODY_LIMIT) {
					reject(new Error('body too large'));
					req.destroy();
					return;
				}
				data += c;
			});
			req.on('end', () => resolve(data));
			req.on('error', reject);
		});
	}

	private send(res: ServerResponse, r: SandboxResponse): void {
		const headers: Record<string, string> = { ...(r.headers ?? {}) };
		let payload = '';
		if (r.text !== undefined) {
			payload = r.text;
			headers['content-type'] ??= r.contentType ?? 'text/plain; charset=utf-8';
		} else if (r.body !== undefined) {
			payload = JSON.stringify(r.body);
			headers['content-type'] ??= r.contentType ?? 'application/json';
		}
		if (r.status === 204 || r.status === 304) payload = '';
		headers['content-length'] = String(Buffer.byteLength(payload));
		res.writeHead(r.status, headers);
		res.end(payload);
	}

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		let rawBody: string;
		try {
			rawBody = await this.readBody(req);
		} catch {
			this.send(res, json(413, { message: 'Request body too large' }));
			return;
		}
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		let path = url.pathname;
		try {
			path = decodeURIComponent(url.pathname);
		} catch {
			/* keep the raw path */
		}
		const headers: Record<string, string | undefined> = {};
		for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
		const contentType = headers['content-type'] ?? '';
		let parsed: unknown;
		if (rawBody.trim() !== '' && !contentType.includes('application/x-www-form-urlencoded')) {
			try {
				parsed = JSON.parse(rawBody);
			} catch {
				parsed = SYNTAX_ERROR;
			}
		}
		const sreq: SandboxRequest = {
			method: (req.method ?? 'GET').toUpperCase(),
			path,
			rawPath: url.pathname,
			query: url.searchParams,
			headers,
			rawBody,
			json: parsed,
			now: this.ctx.now(),
		};

		if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
			this.send(res, await this.control(sreq));
			return;
		}
		this.inFlight++;
		this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
		try {
			await this.vendorRequest(sreq, res, started);
		} finally {
			this.inFlight--;
		}
	}

	private logBody(req: SandboxRequest): unknown {
		if (req.json !== undefined && req.json !== SYNTAX_ERROR) return redact(req.json);
		if (req.rawBody === '') return null;
		// Form bodies (token requests: client_secret, api_token, …) also when sent without their Content-Type.
		if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') || FORM_BODY.test(req.rawBody.trim()))
			return redact(queryToObject(new URLSearchParams(req.rawBody.trim())));
		return redactText(req.rawBody.slice(0, 4096));
	}

	private record(req: SandboxRequest, status: number | null, vendor: string | undefined, route: string | undefined, started: number, fault?: string): void {
		const label = route ?? 'unmatched';
		this.stats.total++;
		this.stats.byRoute[label] = (this.stats.byRoute[label] ?? 0) + 1;
		const sk = status === null ? 'dropped' : String(status);
		this.stats.byStatus[sk] = (this.stats.byStatus[sk] ?? 0) + 1;
		const entry: RequestLogEntry = {
			seq: ++this.seq,
			time: new Date(req.now).toISOString(),
			method: req.method,
			path: req.path,
			query: redact(queryToObject(req.query)) as Record<string, string | string[]>,
			body: this.logBody(req),
			status,
			vendor: vendor ?? null,
			route: route ?? null,
			auth: AUTH_HEADERS.filter((h) => req.headers[h] !== undefined),
			durationMs: Date.now() - started,
		};
		if (fault) entry.fault = fault;
		this.log.push(entry);
		if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
	}

	private async vendorRequest(req: SandboxRequest, res: ServerResponse, started: number): Promise<void> {
		let module: VendorModule | undefined;
		let route: string | undefined;
		for (const m of this.modules) {
			route = m.routeLabel(req);
			if (route) {
				module = m;
				break;
			}
		}
		const vendor = module?.name;
		const decision = this.faults.decide(req.method, req.path, vendor);
		if (decision?.action === 'drop') {
			this.record(req, null, vendor, route, started, 'drop');
			res.socket?.destroy();
			return;
		}
		if (decision?.action === 'delay') await new Promise((r) => setTimeout(r, decision.rule.delayMs ?? 0));
		if (decision?.action === 'status') {
			const status = decision.rule.status as number;
			const hdrs: Record<string, string> = { ...(decision.rule.headers ?? {}) };
			if (status === 429 && !Object.keys(hdrs).some((h) => h.toLowerCase() === 'retry-after')) hdrs['Retry-After'] = '1';
			const body = decision.rule.body !== undefined ? decision.rule.body : defaultFaultBody(status, vendor);
			const r: SandboxResponse = typeof body === 'string' ? { status, text: body, headers: hdrs } : { status, body, headers: hdrs };
			this.record(req, status, vendor, route, started, 'status');
			this.send(res, r);
			return;
		}
		let r: SandboxResponse | undefined;
		if (decision?.action === 'truncate' && decision.rule.body !== undefined) {
			const body = decision.rule.body;
			r = typeof body === 'string' ? { status: decision.rule.status ?? 200, text: body } : { status: decision.rule.status ?? 200, body };
		} else {
			try {
				r = module ? await module.handle(req) : undefined;
			} catch (err) {
				process.stderr.write(`[sandbox] ${vendor} handler error: ${(err as Error).stack ?? String(err)}\n`);
				r = json(500, { error_code: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error' });
			}
		}
		r ??= json(404, { error_code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` });
		if (decision?.action === 'truncate') {
			this.record(req, r.status, vendor, route, started, 'truncate');
			this.sendTruncated(res, r, decision.rule.bytes);
			return;
		}
		this.record(req, r.status, vendor, route, started, decision ? 'delay' : undefined);
		this.send(res, r);
	}

	/** Announces the whole body in Content-Length, sends only part of it and closes the connection. */
	private sendTruncated(res: ServerResponse, r: SandboxResponse, bytes: number | undefined): void {
		const headers: Record<string, string> = { ...(r.headers ?? {}) };
		const payload = Buffer.from(r.text ?? JSON.stringify(r.body ?? {}));
		headers['content-type'] ??= r.contentType ?? (r.text !== undefined ? 'text/plain; charset=utf-8' : 'application/json');
		headers['content-length'] = String(payload.length);
		res.writeHead(r.status, headers);
		const cut = Math.min(payload.length - 1, Math.max(0, bytes ?? Math.floor(payload.length / 2)));
		res.write(payload.subarray(0, cut), () => res.socket?.destroy());
	}

	// ---- control endpoints ----

	private async control(req: SandboxRequest): Promise<SandboxResponse> {
		const sub = req.path.slice('/_sandbox'.length) || '/';
		const body = req.json === SYNTAX_ERROR ? undefined : (req.json as Record<string, unknown> | undefined);
		if (req.json === SYNTAX_ERROR) return json(400, { error: 'invalid JSON body' });
		const m = req.method;
		if (sub === '/health' && m === 'GET') return json(200, { ok: true });
		if (sub === '/stats' && m === 'GET') return json(200, this.stats);
		if (sub === '/stats/reset' && m === 'POST') {
			this.resetStats();
			return json(200, { ok: true });
		}
		if (sub === '/requests' && m === 'GET') {
			const since = Number(req.query.get('since') ?? 0) || 0;
			const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 1000) || 1000, 1), LOG_LIMIT);
			const items = this.log.filter((e) => e.seq > since).slice(0, limit);
			return json(200, { requests: items, lastSeq: this.seq, oldestSeq: this.log[0]?.seq ?? null });
		}
		if (sub === '/requests' && m === 'DELETE') {
			this.log = [];
			return json(200, { ok: true });
		}
		if (sub === '/faults') {
			if (m === 'GET') return json(200, { rules: this.faults.list() });
			if (m === 'DELETE') {
				this.faults.clear();
				return json(200, { ok: true });
			}
			if (m === 'POST') {
				const rules = body?.rules ?? body;
				try {
					const added = this.faults.add(rules);
					return json(200, { added: added.map((r) => r.id), rules: this.faults.list() });
				} catch (err) {
					if (err instanceof FaultError) return json(400, { error: err.message });
					throw err;
				}
			}
		}
		if (sub === '/clock') {
			if (m === 'POST') {
				if (typeof body?.advanceMs === 'number') this.offsetMs += body.advanceMs;
				else if (typeof body?.offsetMs === 'number') this.offsetMs = body.offsetMs;
				else if (body?.now !== undefined) this.offsetMs = (parseClock(body.now) as number) - Date.now();
				else return json(400, { error: 'expected { advanceMs } | { offsetMs } | { now }' });
			} else if (m !== 'GET') return json(405, { error: 'method not allowed' });
			const now = this.ctx.now();
			return json(200, { now: new Date(now).toISOString(), nowMs: now, offsetMs: this.offsetMs });
		}
		if (sub === '/reset' && m === 'POST') {
			try {
				this.reset(body ?? {});
			} catch (err) {
				return json(400, { error: (err as Error).message });
			}
			return json(200, { ok: true, seed: this.seed, now: new Date(this.ctx.now()).toISOString() });
		}
		for (const mod of this.modules) {
			const prefix = `/${mod.name}`;
			if (sub === prefix || sub.startsWith(`${prefix}/`)) {
				const r = await mod.control(sub.slice(prefix.length) || '/', req);
				return r ?? json(404, { error: `unknown control route ${m} ${req.path}` });
			}
		}
		return json(404, { error: `unknown control route ${m} ${req.path}` });
	}
}
