// Async workflow jobs (v7 Jobs API and v6 workflow/status), completed lazily against the simulator clock.

import type { AlertStore, StoredAlert } from './data.mts';
import { Rng } from '../rng.mts';

export interface WorkflowChange {
	status?: string; // OPEN | IN_PROGRESS | CLOSED
	closure_reason?: string;
	determination?: string;
	note?: string;
	v6Comment?: string | null;
	v6Remediation?: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Apply a workflow change to one alert: moves timestamps, records history, adds the note. */
export function applyWorkflow(store: AlertStore, a: StoredAlert, ch: WorkflowChange, now: number, actor: string): void {
	const d = a.doc;
	if (ch.status !== undefined || ch.closure_reason !== undefined) {
		const status = ch.status ?? d.workflow.status;
		d.workflow = {
			change_timestamp: iso(now),
			changed_by_type: 'USER',
			changed_by: actor,
			closure_reason: ch.closure_reason ?? (status === d.workflow.status ? d.workflow.closure_reason : 'NO_REASON'),
			status,
		};
		a.history.push({ type: 'USER_WORKFLOW_UPDATE', workflow: { ...d.workflow } });
	}
	if (ch.determination !== undefined) {
		d.determination = { change_timestamp: iso(now), value: ch.determination, changed_by_type: 'USER', changed_by: actor };
		a.history.push({ type: 'USER_DETERMINATION_UPDATE', determination: { ...d.determination } });
	}
	if (ch.v6Comment !== undefined) a.v6Comment = ch.v6Comment;
	if (ch.v6Remediation !== undefined) a.v6Remediation = ch.v6Remediation;
	d.user_update_timestamp = iso(now);
	store.touch(a, now);
	if (ch.note) store.addAlertNote(a, ch.note, actor, now, false);
}

export interface Job {
	id: number;
	requestId: string;
	api: 'v7' | 'v6';
	orgKey: string;
	owner: string;
	params: Record<string, unknown>;
	alertIds: string[];
	change: WorkflowChange;
	createdAt: number;
	completeAt: number;
	hiddenUntil: number;
	fail: boolean;
	status: 'CREATED' | 'COMPLETED' | 'FAILED';
	finishedAt: number | null;
}

export interface JobConfig {
	/** Fixed completion delay; null = seeded 1000-2000 ms. */
	delayMs: number | null;
	/** Jobs answer 404 for this long after creation. */
	notFoundMs: number;
	/** Number of upcoming jobs that will end FAILED. */
	failNext: number;
}

export class Jobs {
	config: JobConfig = { delayMs: null, notFoundMs: 200, failNext: 0 };
	private jobs = new Map<string, Job>();
	private nextId = 5_372_752;
	private rng = new Rng(Math.random);

	reset(random: () => number, config: Partial<JobConfig> = {}): void {
		this.jobs.clear();
		this.rng = new Rng(random);
		this.nextId = 5_372_752 + this.rng.int(0, 100_000);
		this.config = { delayMs: null, notFoundMs: 200, failNext: 0, ...config };
	}

	create(store: AlertStore, api: 'v7' | 'v6', orgKey: string, owner: string, params: Record<string, unknown>, alerts: StoredAlert[], change: WorkflowChange, now: number): Job {
		const id = this.nextId;
		this.nextId += this.rng.int(1, 9);
		const delay = this.config.delayMs ?? this.rng.int(1000, 2000);
		const fail = this.config.failNext > 0;
		if (fail) this.config.failNext--;
		const job: Job = {
			id,
			requestId: api === 'v7' ? String(id) : this.rng.hex(32),
			api,
			orgKey,
			owner,
			params,
			alertIds: alerts.map((a) => a.doc.id),
			change,
			createdAt: now,
			completeAt: now + delay,
			hiddenUntil: now + this.config.notFoundMs,
			fail,
			status: 'CREATED',
			finishedAt: null,
		};
		this.jobs.set(`${api}:${job.requestId}`, job);
		void store;
		return job;
	}

	/** Complete every job that is due (in completion order). */
	tick(store: AlertStore, now: number): void {
		const due = [...this.jobs.values()].filter((j) => j.status === 'CREATED' && j.completeAt <= now).sort((a, b) => a.completeAt - b.completeAt || a.id - b.id);
		for (const j of due) {
			j.finishedAt = j.completeAt;
			if (j.fail) {
				j.status = 'FAILED';
				continue;
			}
			for (const id of j.alertIds) {
				const a = store.byId.get(id);
				if (a) applyWorkflow(store, a, j.change, Math.max(j.completeAt, now - 1), j.owner);
			}
			j.status = 'COMPLETED';
		}
	}

	/** Job visible to the API (undefined while inside the 404 window or unknown). */
	get(api: 'v7' | 'v6', requestId: string, orgKey: string, now: number): Job | undefined {
		const j = this.jobs.get(`${api}:${requestId}`);
		if (!j || j.orgKey !== orgKey || now < j.hiddenUntil) return undefined;
		return j;
	}

	list(): Job[] {
		return [...this.jobs.values()];
	}

	progress(j: Job, now: number): { num_total: number; num_completed: number; message: string } {
		const total = j.alertIds.length;
		let done: number;
		if (j.status === 'COMPLETED') done = total;
		else if (j.status === 'FAILED') done = 0;
		else done = Math.min(total, Math.floor((total * Math.max(0, now - j.createdAt)) / Math.max(1, j.completeAt - j.createdAt)));
		const message = j.status === 'FAILED' ? 'Job failed: simulated backend error while updating alerts' : j.status === 'COMPLETED' ? 'Job completed' : '';
		return { num_total: total, num_completed: done, message };
	}

	v7View(j: Job, now: number): Record<string, unknown> {
		return {
			id: j.id,
			type: 'user_workflow_update',
			org_key: j.orgKey,
			status: j.status,
			job_parameters: { job_parameters: j.params },
			connector_id: j.owner,
			owner_id: j.owner,
			errors: j.status === 'FAILED' ? ['Simulated backend error while updating alerts'] : null,
			create_time: iso(j.createdAt),
			last_update_time: iso(j.finishedAt ?? Math.min(now, j.completeAt)),
			progress: this.progress(j, now),
		};
	}

	v6View(j: Job, now: number): Record<string, unknown> {
		const p = this.progress(j, now);
		const half = j.createdAt + (j.completeAt - j.createdAt) / 2;
		const status = j.status === 'COMPLETED' ? 'FINISHED' : j.status === 'FAILED' ? 'FAILED' : now < half ? 'QUEUED' : 'IN_PROGRESS';
		return {
			errors: j.status === 'FAILED' ? ['Simulated backend error while updating alerts'] : [],
			failed_ids: j.status === 'FAILED' ? [...j.alertIds] : [],
			id: j.requestId,
			num_hits: p.num_total,
			num_success: p.num_completed,
			status,
			workflow: {
				changed_by: j.owner,
				comment: j.change.v6Comment ?? null,
				last_update_time: iso(j.finishedAt ?? j.createdAt),
				remediation: j.change.v6Remediation ?? null,
				state: j.change.status === 'CLOSED' ? 'DISMISSED' : 'OPEN',
			},
		};
	}
}
