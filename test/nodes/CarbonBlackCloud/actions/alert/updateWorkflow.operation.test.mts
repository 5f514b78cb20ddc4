import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { someAlerts } from '../../../../harness/cbc.mts';
import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../../harness/engine.mts';
import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';

const WORKFLOW = 'POST /api/alerts/v7/orgs/{org_key}/alerts/workflow';
const JOB = 'GET /jobs/v1/orgs/{org_key}/jobs/{job_id}';

describe('Carbon Black Cloud › Alert › Update Workflow', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;
	let alerts: any[];

	before(async () => {
		sb = await sandbox({ cbcAlerts: 1500 });
		credentials = cbcCredentials(helper, sb.url);
		await sb.control('POST', '/cbc/jobs', { delayMs: 300, notFoundMs: 100 });
		alerts = await someAlerts(sb, 60, { criteria: { workflow_status: ['OPEN'] } });
	});
	after(async () => sb.close());

	const update = (parameters: Record<string, unknown>, input?: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
		runNode(
			helper,
			{ type: 'carbonBlackCloud', parameters: { resource: 'alert', operation: 'updateWorkflow', ...parameters }, credentials, ...extra },
			input,
		);
	const byId = { __rl: true, mode: 'id', value: '={{ $json.id }}' };

	it('closes 30 alerts with one bulk request and one job, waiting for it, each output paired', async () => {
		const batch = alerts.slice(0, 30);
		await sb.mark();
		const result = await update(
			{ alertId: byId, status: 'CLOSED', closureReason: 'RESOLVED', determination: 'TRUE_POSITIVE', note: 'closed by n8n' },
			batch.map((a) => ({ id: a.id })),
		);
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await sb.requestsSinceMark();
		const posts = requests.filter((r) => r.route === WORKFLOW);
		assert.equal(posts.length, 1);
		assert.deepEqual(posts[0].body.criteria, { id: batch.map((a) => a.id) });
		assert.equal(posts[0].body.status, 'CLOSED');
		assert.equal(posts[0].body.closure_reason, 'RESOLVED');
		assert.equal(posts[0].body.determination, 'TRUE_POSITIVE');
		assert.equal(posts[0].body.note, 'closed by n8n');
		assert.ok(requests.filter((r) => r.route === JOB).length >= 1);
		assert.equal(result.items.length, 30);
		result.items.forEach((item, index) => {
			assert.deepEqual(item.pairedItem, { item: index });
			assert.equal(item.json.alert_id, batch[index].id);
			assert.equal(item.json.job_status, 'COMPLETED');
		});
		const raw = await sb.control('GET', `/cbc/alerts/${batch[0].id}`);
		assert.equal(raw.doc.workflow.status, 'CLOSED');
		assert.equal(raw.doc.determination.value, 'TRUE_POSITIVE');
	});

	it('groups items by their settings: two statuses, two requests', async () => {
		const batch = alerts.slice(30, 40);
		await sb.mark();
		const result = await update(
			{ alertId: byId, status: '={{ $json.status }}', options: { waitForCompletion: false } },
			batch.map((a, i) => ({ id: a.id, status: i % 2 ? 'IN_PROGRESS' : 'OPEN' })),
		);
		assert.equal(result.error, undefined, result.error?.message);
		const posts = (await sb.requestsSinceMark()).filter((r) => r.route === WORKFLOW);
		assert.equal(posts.length, 2);
		assert.equal(posts[0].body.criteria.id.length + posts[1].body.criteria.id.length, 10);
		for (const item of result.items) assert.equal(item.json.job_status, 'SUBMITTED');
		assert.deepEqual(result.items.map((i) => i.json.status), batch.map((_, i) => (i % 2 ? 'IN_PROGRESS' : 'OPEN')));
	});

	it('updates every alert matching a search', async () => {
		const target = alerts[45];
		await sb.mark();
		const result = await update({ target: 'search', query: `alert_id:${target.id}`, status: 'IN_PROGRESS', range: '-6w' });
		assert.equal(result.error, undefined, result.error?.message);
		const [post] = (await sb.requestsSinceMark()).filter((r) => r.route === WORKFLOW);
		assert.equal(post.body.query, `alert_id:${target.id}`);
		assert.deepEqual(post.body.time_range, { range: '-6w' });
		assert.equal(result.items[0].json.job_status, 'COMPLETED');
		assert.equal((await sb.control('GET', `/cbc/alerts/${target.id}`)).doc.workflow.status, 'IN_PROGRESS');
	});

	it('fails clearly when the job FAILED', async () => {
		await sb.control('POST', '/cbc/jobs', { failNext: 1 });
		const result = await update({ alertId: { __rl: true, mode: 'id', value: alerts[50].id }, status: 'CLOSED' });
		assert.match(result.error?.message ?? '', /job \d+ failed/);
	});

	it('refuses an update that changes nothing, before any request', async () => {
		await sb.mark();
		const result = await update({ alertId: { __rl: true, mode: 'id', value: alerts[51].id }, status: 'KEEP', determination: 'KEEP', note: '' });
		assert.match(result.error?.message ?? '', /Nothing to update/);
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});
});
