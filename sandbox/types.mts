// Contract between the simulator core (sandbox/server.mts) and the vendor modules
// (sandbox/cbc/, sandbox/cta/). Vendor modules never touch node:http directly.

export interface SandboxRequest {
	method: string; // upper case
	path: string; // decoded pathname, no query string
	rawPath: string; // pathname exactly as received (still percent-encoded)
	query: URLSearchParams;
	headers: Record<string, string | undefined>; // lower-case names
	rawBody: string;
	/** Parsed JSON body, `undefined` when there is no body, `SYNTAX_ERROR` when it is not valid JSON. */
	json: unknown;
	now: number; // ms since epoch, taken once per request from the simulator clock
}

export interface SandboxResponse {
	status: number;
	body?: unknown; // serialised as JSON unless `text` is set
	text?: string; // sent verbatim
	contentType?: string; // default application/json
	headers?: Record<string, string>;
}

export const SYNTAX_ERROR = Symbol('syntax-error');

/** Shared services the core gives each vendor module. */
export interface SandboxContext {
	seed: number;
	/** Simulator clock (real time plus an offset that control endpoints can move). */
	now(): number;
	/** Deterministic PRNG in [0, 1) derived from the seed and a stream name. */
	random(stream: string): () => number;
	/** Base URL the simulator is reachable at, e.g. http://127.0.0.1:8787 */
	baseUrl(): string;
}

export interface VendorModule {
	name: 'cbc' | 'cta';
	/** Return a response if this module owns the route, otherwise undefined (core answers 404). */
	handle(req: SandboxRequest): Promise<SandboxResponse | undefined> | SandboxResponse | undefined;
	/** Control routes under /_sandbox/<name>/...; `subPath` is the part after /_sandbox/<name>. */
	control(subPath: string, req: SandboxRequest): Promise<SandboxResponse | undefined> | SandboxResponse | undefined;
	/** Route label used for request counting, e.g. "POST /api/alerts/v7/orgs/{org_key}/alerts/_search". */
	routeLabel(req: SandboxRequest): string | undefined;
	/** Drop all state and regenerate from the seed. */
	reset(options: Record<string, unknown>): void;
}
