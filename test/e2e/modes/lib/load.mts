// The simulator's side of the production-modes e2e: a producer that keeps adding Carbon Black
// alerts, Cisco alerts and Cisco events (timestamp ties and late arrivals included) and records
// every ID it created in Postgres (`expected`), and a fault injector (429 with Retry-After,
// 500/502/503, dropped connections, cut-off replies, Cisco token expiry, and now and then a run
// of 503s long enough to fail a whole poll).
import type { SandboxHandle } from '../../lib/sandbox.mts';
import { sleep } from '../../lib/proc.mts';
import { withPg, type PgConnection } from './services.mts';

export const EXPECTED_DDL = `
CREATE TABLE IF NOT EXISTS expected (
	trigger text NOT NULL,
	object_id text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	kind text NOT NULL,
	PRIMARY KEY (trigger, object_id)
);
`;

/** The simulator's deterministic PRNG, so a run's load can be repeated with MODES_SEED. */
export { mulberry32 as prng } from '../../../../sandbox/rng.mts';

export interface ProducerCounts {
	cbcAlerts: number;
	cbcTies: number;
	cbcLate: number;
	cbcBurst: number;
	ctaAlerts: number;
	ctaTies: number;
	ctaLate: number;
	ctaEvents: number;
	ctaEventBurst: number;
	rounds: number;
	errors: number;
}

type Kind = 'regular' | 'tie' | 'late' | 'burst';

export class Producer {
	readonly counts: ProducerCounts = {
		cbcAlerts: 0,
		cbcTies: 0,
		cbcLate: 0,
		cbcBurst: 0,
		ctaAlerts: 0,
		ctaTies: 0,
		ctaLate: 0,
		ctaEvents: 0,
		ctaEventBurst: 0,
		rounds: 0,
		errors: 0,
	};
	private running = false;
	private loop?: Promise<void>;
	/** Nothing is back-dated before this instant (after every trigger's baseline). */
	private readonly notBefore: number;

	constructor(
		private readonly sim: SandboxHandle,
		private readonly results: PgConnection,
		private readonly random: () => number,
		options: { notBefore: number },
	) {
		this.notBefore = options.notBefore;
	}

	private int(min: number, max: number): number {
		return min + Math.floor(this.random() * (max - min + 1));
	}

	private backdated(maxMs: number, minMs = 0): string {
		const at = Math.max(this.notBefore, Date.now() - this.int(minMs, maxMs));
		return new Date(at).toISOString();
	}

	private async record(trigger: string, ids: string[], kind: Kind): Promise<void> {
		if (!ids.length) return;
		await withPg(this.results, (c) =>
			c.query(
				`INSERT INTO expected (trigger, object_id, kind) SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING`,
				[trigger, ids, kind],
			),
		);
	}

	private async cbc(body: Record<string, unknown>, kind: Kind): Promise<number> {
		const { ids } = await this.sim.control<{ ids: string[] }>('POST', '/_sandbox/cbc/alerts', body);
		await this.record('cbc.alertCreated', ids, kind);
		return ids.length;
	}

	private async ctaAlerts(body: Record<string, unknown>, kind: Kind): Promise<number> {
		const r = await this.sim.control<{ alertIds: string[]; eventIds: string[] }>('POST', '/_sandbox/cta/alerts', body);
		await this.record('cta.newAlert', r.alertIds, kind);
		await this.record('cta.event', r.eventIds, kind);
		return r.alertIds.length;
	}

	private async ctaEvents(body: Record<string, unknown>, kind: Kind): Promise<number> {
		const r = await this.sim.control<{ eventIds: string[] }>('POST', '/_sandbox/cta/events', body);
		await this.record('cta.event', r.eventIds, kind);
		return r.eventIds.length;
	}

	/** One round: a few objects of each kind; ties and late arrivals at random. */
	async round(): Promise<void> {
		const c = this.counts;
		c.cbcAlerts += await this.cbc({ count: this.int(1, 6), spreadMs: 1500 }, 'regular');
		if (this.random() < 0.35) c.cbcTies += await this.cbc({ count: this.int(3, 6), backend_timestamp: this.backdated(1500) }, 'tie');
		if (this.random() < 0.3)
			c.cbcLate += await this.cbc({ count: 2, backend_timestamp: this.backdated(8000, 2000), visibleAfterMs: this.int(3000, 15_000) }, 'late');
		c.ctaAlerts += await this.ctaAlerts({ count: this.int(1, 3), eventsPerDetection: 2, flowsPerEvent: 1 }, 'regular');
		if (this.random() < 0.3)
			c.ctaTies += await this.ctaAlerts({ count: 3, triggeredAt: this.backdated(1000), eventsPerDetection: 1, flowsPerEvent: 0 }, 'tie');
		if (this.random() < 0.25)
			c.ctaLate += await this.ctaAlerts(
				{ count: this.int(1, 2), triggeredAt: this.backdated(8000, 2000), visibleAfterMs: this.int(3000, 15_000), eventsPerDetection: 1, flowsPerEvent: 0 },
				'late',
			);
		c.ctaEvents += await this.ctaEvents({ count: this.int(1, 5), flowsPerEvent: 1 }, 'regular');
		if (this.random() < 0.3) c.ctaEvents += await this.ctaEvents({ count: 3, timestamp: this.backdated(1000), flowsPerEvent: 0 }, 'tie');
		if (this.random() < 0.25)
			c.ctaEvents += await this.ctaEvents({ count: this.int(1, 3), visibleAfterMs: this.int(3000, 15_000), flowsPerEvent: 0 }, 'late');
		c.rounds++;
	}

	async cbcBurst(count: number): Promise<void> {
		this.counts.cbcBurst += await this.cbc({ count, spreadMs: 3000 }, 'burst');
	}

	async ctaEventBurst(count: number): Promise<void> {
		this.counts.ctaEventBurst += await this.ctaEvents({ count, flowsPerEvent: 0 }, 'burst');
	}

	start(intervalMs: [number, number]): void {
		this.running = true;
		this.loop = (async () => {
			while (this.running) {
				try {
					await this.round();
				} catch (error) {
					this.counts.errors++;
					if (this.counts.errors > 20) throw error;
				}
				await sleep(this.int(intervalMs[0], intervalMs[1]));
			}
		})();
	}

	async stop(): Promise<void> {
		this.running = false;
		await this.loop;
	}
}

// ---------------------------------------------------------------------------------------------

export interface FaultRuleSpec {
	match: { method?: string; path?: string; vendor?: 'cbc' | 'cta' };
	action: 'status' | 'drop' | 'delay' | 'truncate';
	status?: number;
	headers?: Record<string, string>;
	times?: number;
	delayMs?: number;
}

const ROUTES = {
	cbcSearch: { vendor: 'cbc', method: 'POST', path: '/alerts/_search$' },
	ctaAlerts: { vendor: 'cta', method: 'GET', path: '/alert-management/customer/[^/]+/alerts$' },
	ctaEvents: { vendor: 'cta', method: 'POST', path: '/event-detection/customer/[^/]+/events/search$' },
} as const;

export interface FaultCounts {
	rateLimited: number;
	serverErrors: number;
	dropped: number;
	truncated: number;
	tokenExpiries: number;
	longOutages: number;
	injections: number;
}

export class FaultInjector {
	readonly counts: FaultCounts = { rateLimited: 0, serverErrors: 0, dropped: 0, truncated: 0, tokenExpiries: 0, longOutages: 0, injections: 0 };
	private running = false;
	private loop?: Promise<void>;

	constructor(
		private readonly sim: SandboxHandle,
		private readonly random: () => number,
	) {}

	private pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.random() * list.length)];
	}

	private async add(rules: FaultRuleSpec[]): Promise<void> {
		await this.sim.control('POST', '/_sandbox/faults', { rules });
		this.counts.injections++;
	}

	readonly expiries: number[] = [];

	async expireTokens(): Promise<void> {
		await this.sim.control('POST', '/_sandbox/cta/tokens/expire', {});
		this.expiries.push(Date.now());
		this.counts.tokenExpiries++;
	}

	/** A run of 503s longer than the nodes' retries: the poll fails and a later one makes up for it. */
	async longOutage(route: keyof typeof ROUTES): Promise<void> {
		await this.add([{ match: { ...ROUTES[route] }, action: 'status', status: 503, times: 14 }]);
		this.counts.longOutages++;
	}

	async once(): Promise<void> {
		const route = ROUTES[this.pick(['cbcSearch', 'ctaAlerts', 'ctaEvents'] as const)];
		const r = this.random();
		if (r < 0.3) {
			await this.add([{ match: { ...route }, action: 'status', status: 429, headers: { 'Retry-After': this.pick(['0', '1', '2']) }, times: 1 + Math.floor(this.random() * 2) }]);
			this.counts.rateLimited++;
		} else if (r < 0.55) {
			await this.add([{ match: { ...route }, action: 'status', status: this.pick([500, 502, 503]), times: 1 + Math.floor(this.random() * 2) }]);
			this.counts.serverErrors++;
		} else if (r < 0.65) {
			await this.add([{ match: { ...route }, action: 'drop', times: 1 }]);
			this.counts.dropped++;
		} else if (r < 0.75) {
			await this.add([{ match: { ...route }, action: 'truncate', times: 1 }]);
			this.counts.truncated++;
		} else {
			await this.expireTokens();
		}
	}

	start(intervalMs: [number, number]): void {
		this.running = true;
		this.loop = (async () => {
			while (this.running) {
				await sleep(intervalMs[0] + Math.floor(this.random() * (intervalMs[1] - intervalMs[0])));
				if (!this.running) break;
				await this.once().catch(() => undefined);
			}
		})();
	}

	async stop(): Promise<void> {
		this.running = false;
		await this.loop;
		await this.sim.control('DELETE', '/_sandbox/faults');
	}
}
