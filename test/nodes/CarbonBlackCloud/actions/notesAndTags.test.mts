// Alert Note, Threat, Threat Note and Threat Tag resources.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { someAlerts } from '../../../harness/cbc.mts';
import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../harness/engine.mts';
import type { SandboxHandle } from '../../../harness/sandbox.mts';
import { sandbox } from '../../../harness/sandbox.mts';

describe('Carbon Black Cloud › notes, threats and tags', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;
	let alert: any;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 600 });
		credentials = cbcCredentials(helper, sb.url);
		[alert] = await someAlerts(sb, 1);
	});
	after(async () => sb.close());

	const run = (resource: string, operation: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
		runNode(helper, { type: 'carbonBlackCloud', parameters: { resource, operation, ...parameters }, credentials, ...extra });
	const alertId = () => ({ __rl: true, mode: 'id', value: alert.id });

	it('Alert Note › Create, Get Many (with a reply thread) and Delete', async () => {
		await sb.mark();
		const created = await run('alertNote', 'create', { alertId: alertId(), note: 'first look' });
		assert.equal(created.error, undefined, created.error?.message);
		const [post] = await sb.requestsSinceMark();
		assert.equal(post.method, 'POST');
		assert.equal(post.path, `/api/alerts/v7/orgs/ABCD1234/alerts/${alert.id}/notes`);
		assert.deepEqual(post.body, { note: 'first look' });
		assert.equal(post.status, 201);
		const noteId = created.items[0].json.id;
		assert.equal(created.items[0].json.note, 'first look');

		const reply = await run('alertNote', 'create', { alertId: alertId(), note: 'a reply', options: { parentId: noteId } });
		assert.equal(reply.items[0].json.parent_id, noteId);

		const listed = await run('alertNote', 'getAll', { alertId: alertId() });
		assert.ok(listed.items.some((i) => i.json.id === noteId));
		for (const item of listed.items) assert.equal(item.json.alert_id, alert.id);

		const deleted = await run('alertNote', 'deleteNote', { alertId: alertId(), noteId });
		assert.equal(deleted.error, undefined, deleted.error?.message);
		assert.deepEqual(deleted.items[0].json, { deleted: true, alert_id: alert.id, note_id: noteId });
		const again = await run('alertNote', 'deleteNote', { alertId: alertId(), noteId });
		assert.equal(again.error?.httpCode, '404');
	});

	it('Alert Note › Create rejects an empty or 20,001-character note before any request', async () => {
		await sb.mark();
		const empty = await run('alertNote', 'create', { alertId: alertId(), note: '   ' });
		assert.match(empty.error?.message ?? '', /note is empty/);
		const long = await run('alertNote', 'create', { alertId: alertId(), note: 'x'.repeat(20_001) });
		assert.match(long.error?.message ?? '', /20001 characters long; the limit is 20000/);
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});

	it('Threat Note › Create, Get Many sorted, Delete; Threat › Get History', async () => {
		const threatId = alert.threat_id;
		const created = await run('threatNote', 'create', { threatId, note: 'threat-level note' });
		assert.equal(created.error, undefined, created.error?.message);
		const noteId = created.items[0].json.id;
		await sb.mark();
		const listed = await run('threatNote', 'getAll', { threatId, sortField: 'create_timestamp', sortOrder: 'ASC' });
		const [get] = await sb.requestsSinceMark();
		assert.deepEqual(get.query, { sort_field: 'create_timestamp', sort_order: 'ASC' });
		assert.ok(listed.items.some((i) => i.json.id === noteId));
		const history = await run('threat', 'getHistory', { threatId });
		assert.ok(history.items.some((i) => i.json.type === 'THREAT_NOTE_ADDED'));
		const deleted = await run('threatNote', 'deleteNote', { threatId, noteId });
		assert.deepEqual(deleted.items[0].json, { deleted: true, threat_id: threatId, note_id: noteId });
	});

	it('Threat Tag › Add, Get Many and Remove', async () => {
		const threatId = alert.threat_id;
		await sb.mark();
		const added = await run('threatTag', 'add', { threatId, tags: 'escalated, n8n-test' });
		assert.equal(added.error, undefined, added.error?.message);
		const [post] = await sb.requestsSinceMark();
		assert.deepEqual(post.body, { tags: ['escalated', 'n8n-test'] });
		assert.ok(added.items[0].json.tags.includes('n8n-test'));
		const listed = await run('threatTag', 'getAll', { threatId });
		assert.ok(listed.items[0].json.tags.includes('escalated'));
		const removed = await run('threatTag', 'remove', { threatId, tag: 'n8n-test' });
		assert.equal(removed.error, undefined, removed.error?.message);
		assert.ok(!removed.items[0].json.tags.includes('n8n-test'));
		const after = await run('threatTag', 'getAll', { threatId });
		assert.ok(!after.items[0].json.tags.includes('n8n-test'));
	});

	it('encodes a tag with a slash as one path segment', async () => {
		await sb.mark();
		await run('threatTag', 'remove', { threatId: alert.threat_id, tag: 'a/b c' }, { continueOnFail: true });
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.method, 'DELETE');
		assert.ok(request.path.endsWith('/tags/a/b c') || request.path.endsWith('/tags/a%2Fb%20c'), request.path);
		assert.ok(request.route?.endsWith('/tags/{tag}'), String(request.route));
	});
});
