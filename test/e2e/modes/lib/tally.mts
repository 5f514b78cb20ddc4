// Reads the simulator's request log incrementally (it keeps the last 20,000 requests), so the
// counts cover the whole run: requests per route and status, Cisco 401s, faults delivered.
import type { SandboxHandle } from '../../lib/sandbox.mts';

interface LoggedRequest {
	seq: number;
	time: string;
	method: string;
	status: number | null;
	vendor: string | null;
	route: string | null;
	fault?: string;
	body?: unknown;
}

export class RequestTally {
	private since = 0;
	readonly byRoute = new Map<string, number>();
	readonly byStatus = new Map<string, number>();
	ctaUnauthorized = 0;
	/** Cisco 401s and token requests as the simulator saw them: [ISO time, route]. */
	readonly tokenTimeline: Array<[string, string]> = [];
	faultsDelivered = 0;
	/** Every request: [ISO time, route, status, fault, paging of a Carbon Black search]. */
	readonly all: Array<[string, string, string, string, string]> = [];
	/** Requests the log dropped before they were read (should stay 0). */
	missed = 0;
	private refreshing?: Promise<void>;

	constructor(private readonly sim: SandboxHandle) {}

	refresh(): Promise<void> {
		this.refreshing ??= this.read().finally(() => {
			this.refreshing = undefined;
		});
		return this.refreshing;
	}

	private async read(): Promise<void> {
		for (;;) {
			const page = await this.sim.control<{ requests: LoggedRequest[]; lastSeq: number; oldestSeq: number | null }>(
				'GET',
				`/_sandbox/requests?since=${this.since}&limit=5000`,
			);
			if (page.oldestSeq !== null && page.oldestSeq > this.since + 1) this.missed += page.oldestSeq - this.since - 1;
			for (const r of page.requests) {
				const route = r.route ?? 'unmatched';
				this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
				const status = r.status === null ? 'dropped' : String(r.status);
				this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
				if (r.vendor === 'cta' && r.status === 401) {
					this.ctaUnauthorized++;
					this.tokenTimeline.push([r.time, `401 ${route}`]);
				}
				if (route === 'POST /iroh/oauth2/token') this.tokenTimeline.push([r.time, `token ${r.status ?? 'dropped'}`]);
				if (r.fault && r.fault !== 'delay') this.faultsDelivered++;
				const b = (r.body ?? {}) as { time_range?: { start?: string; end?: string }; start?: number; rows?: number };
				const paging = route.endsWith('/alerts/_search') && b.time_range ? `${b.time_range.start}..${b.time_range.end} start ${b.start} rows ${b.rows}` : '';
				this.all.push([r.time, route, status, r.fault ?? '', paging]);
				this.since = r.seq;
			}
			if (!page.requests.length || this.since >= page.lastSeq) return;
		}
	}
}
