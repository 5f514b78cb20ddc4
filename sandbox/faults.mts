// Fault injection rules for vendor routes (see POST /_sandbox/faults).

export interface FaultRule {
	match?: { method?: string; path?: string; vendor?: 'cbc' | 'cta' };
	action: 'status' | 'drop' | 'delay' | 'truncate';
	status?: number;
	/** status: the reply body (a string is sent verbatim). truncate: what to cut (default: the real reply). */
	body?: unknown;
	/** truncate: how many bytes of the body are sent before the connection is closed (default: half). */
	bytes?: number;
	headers?: Record<string, string>;
	delayMs?: number;
	times?: number;
	skip?: number;
	every?: number;
}

interface ActiveRule extends FaultRule {
	id: number;
	seen: number; // matching requests so far
	applied: number; // times the action fired
	regex?: RegExp;
}

export interface FaultDecision {
	rule: ActiveRule;
	action: FaultRule['action'];
}

export class FaultError extends Error {}

export class Faults {
	private rules: ActiveRule[] = [];
	private nextId = 1;

	/** Validate and add rules; throws FaultError with a readable message on bad input. */
	add(input: unknown): ActiveRule[] {
		const list = Array.isArray(input) ? input : [input];
		const added: ActiveRule[] = [];
		for (const raw of list) {
			if (!raw || typeof raw !== 'object') throw new FaultError('rule must be an object');
			const r = raw as FaultRule;
			if (!['status', 'drop', 'delay', 'truncate'].includes(r.action)) throw new FaultError('action must be status|drop|delay|truncate');
			if (r.action === 'truncate' && r.status !== undefined && (typeof r.status !== 'number' || r.status < 100 || r.status > 599))
				throw new FaultError('truncate status must be 100-599');
			if (r.bytes !== undefined && (typeof r.bytes !== 'number' || r.bytes < 0)) throw new FaultError('bytes must be >= 0');
			if (r.action === 'status' && (typeof r.status !== 'number' || r.status < 100 || r.status > 599))
				throw new FaultError('status action needs a numeric status 100-599');
			if (r.action === 'delay' && (typeof r.delayMs !== 'number' || r.delayMs < 0))
				throw new FaultError('delay action needs delayMs >= 0');
			for (const k of ['times', 'skip', 'every'] as const)
				if (r[k] !== undefined && (typeof r[k] !== 'number' || (r[k] as number) < (k === 'skip' ? 0 : 1)))
					throw new FaultError(`${k} must be a positive number`);
			let regex: RegExp | undefined;
			if (r.match?.path !== undefined) {
				try {
					regex = new RegExp(r.match.path);
				} catch (e) {
					throw new FaultError(`invalid path regex: ${(e as Error).message}`);
				}
			}
			const rule: ActiveRule = { ...r, id: this.nextId++, seen: 0, applied: 0, regex };
			this.rules.push(rule);
			added.push(rule);
		}
		return added;
	}

	list(): unknown[] {
		return this.rules.map(({ regex: _r, ...rest }) => rest);
	}

	clear(): void {
		this.rules = [];
	}

	/** Find the first rule that fires for this request (updating counters of every matching rule). */
	decide(method: string, path: string, vendor: string | undefined): FaultDecision | undefined {
		let decision: FaultDecision | undefined;
		for (const rule of this.rules) {
			const m = rule.match;
			if (m?.method && m.method.toUpperCase() !== method) continue;
			if (m?.vendor && m.vendor !== vendor) continue;
			if (rule.regex && !rule.regex.test(path)) continue;
			rule.seen++;
			if (decision) continue;
			const n = rule.seen - (rule.skip ?? 0);
			if (n <= 0) continue;
			if (rule.every && n % rule.every !== 0) continue;
			rule.applied++;
			decision = { rule, action: rule.action };
		}
		// Expire rules that used up their `times`.
		this.rules = this.rules.filter((r) => r.times === undefined || r.applied < r.times);
		return decision;
	}
}

/** Default body for a status fault, shaped like the vendor's own errors. */
export function defaultFaultBody(status: number, vendor: string | undefined): unknown {
	if (status === 429)
		return vendor === 'cbc'
			? { error_code: 'TOO_MANY_REQUESTS', message: 'Rate limit exceeded' }
			: { message: 'Too Many Requests' };
	if (status >= 500) {
		const names: Record<number, string> = {
			500: 'Internal Server Error',
			502: 'Bad Gateway',
			503: 'Service Unavailable',
			504: 'Gateway Timeout',
		};
		const message = names[status] ?? 'Server Error';
		return vendor === 'cbc'
			? { error_code: 'INTERNAL_SERVER_ERROR', message, status }
			: { message, status };
	}
	return vendor === 'cbc' ? { error_code: `HTTP_${status}`, message: `Injected fault ${status}` } : { message: `Injected fault ${status}` };
}
