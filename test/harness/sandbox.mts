// Starts the API simulator in-process and talks to its control endpoints.
import { startSandbox } from '../../sandbox/index.mts';

export type Json = Record<string, any>;

export interface SandboxHandle {
	url: string;
	close(): Promise<void>;
	control(method: string, path: string, body?: unknown): Promise<any>;
	stats(): Promise<{ total: number; byRoute: Record<string, number>; byStatus?: Record<string, number> }>;
	resetStats(): Promise<void>;
	/** Vendor requests logged since the last call to `mark()`. */
	requestsSinceMark(): Promise<Json[]>;
	mark(): Promise<void>;
	faults(rules: Json[]): Promise<void>;
	clearFaults(): Promise<void>;
}

export async function sandbox(options: Json = {}): Promise<SandboxHandle> {
	const running = await startSandbox({ port: 0, seed: 7, ...options });
	let since = 0;
	const control = async (method: string, path: string, body?: unknown) => {
		let res: Response;
		try {
			res = await fetch(`${running.url}/_sandbox${path}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		} catch (error) {
			const cause = (error as { cause?: Error }).cause;
			throw new Error(`control ${method} ${path} failed: ${cause?.message ?? (error as Error).message}`);
		}
		const text = await res.text();
		const data = text ? JSON.parse(text) : undefined;
		if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status}: ${text}`);
		return data;
	};
	const handle: SandboxHandle = {
		url: running.url,
		close: () => running.close(),
		control,
		stats: () => control('GET', '/stats'),
		resetStats: async () => {
			await control('POST', '/stats/reset');
		},
		mark: async () => {
			const { lastSeq } = await control('GET', '/requests?limit=1');
			since = lastSeq;
		},
		requestsSinceMark: async () => {
			const out: Json[] = [];
			for (;;) {
				const page = await control('GET', `/requests?since=${since}&limit=5000`);
				out.push(...page.requests);
				if (!page.requests.length) break;
				since = page.requests[page.requests.length - 1].seq;
			}
			return out;
		},
		faults: async (rules) => {
			await control('POST', '/faults', { rules });
		},
		clearFaults: async () => {
			await control('DELETE', '/faults');
		},
	};
	return handle;
}

/** Counts requests per route label in a list of logged requests. */
export function countRoutes(requests: Json[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const r of requests) out[r.route ?? `${r.method} ${r.path}`] = (out[r.route ?? `${r.method} ${r.path}`] ?? 0) + 1;
	return out;
}
