import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../shared/dates';
import { fromVersion } from '../shared/descriptions';
import { outputProperties, readOutputChoice, shapeRecord } from '../shared/output';
import { cbcAlertOutput } from './helpers/output';
import { authenticationProperty, cbcNodeCredentials } from './descriptions/authentication';
import { cbcCredentialType } from './transport';
import type { AlertSearchBody } from './transport/paginate';
import { buildCriteria } from './helpers/criteria';
import { alertFilters } from './descriptions/common';
import { DEFAULT_MAX_PER_POLL, pollDeadline, readMaxPerPoll } from '../shared/trigger/budget';
import { runExclusive } from '../shared/trigger/exclusive';
import { attachNotice, recoverTimeStream } from '../shared/trigger/recover';
import { fingerprintOf, loadState, saveState } from '../shared/trigger/state';
import { advanceTime, emptyState } from '../shared/trigger/streams';
import type { TriggerEvent } from './trigger/fetch';
import { EVENT_TIMESTAMP, fetchLatest, fetchWindow } from './trigger/fetch';
import { computeWindow } from './trigger/window';

const STATE_KEY = 'cbcTrigger';
/** Dedupe keys kept between polls (those inside the late-arrival window, newest first). */
const MAX_SEEN = 50_000;
/** A saved time further ahead of the clock than this is not believed. */
const MAX_AHEAD_MS = 5 * 60_000;

function readBody(ctx: IPollFunctions): AlertSearchBody {
	const body: AlertSearchBody = {};
	const query = String(ctx.getNodeParameter('query', '') ?? '').trim();
	if (query) body.query = query;
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const { criteria, exclusions } = buildCriteria(ctx.getNode(), filters, 0);
	if (Object.keys(criteria).length) body.criteria = criteria;
	if (Object.keys(exclusions).length) body.exclusions = exclusions;
	return body;
}

async function pollCarbonBlack(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = this.getNode();
	const event = this.getNodeParameter('event', 'alertCreated') as TriggerEvent;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const body = readBody(this);
	// Output (version 1.1 on; Raw before) is checked before anything is read or saved.
	const choice = readOutputChoice(node, (name, fallback) => this.getNodeParameter(name, fallback));
	const shape = (alert: IDataObject) => shapeRecord(cbcAlertOutput, choice, alert);
	const stamp = EVENT_TIMESTAMP[event];
	const settleMs = Number(options.settleSeconds ?? 60) * 1000;
	const overlapMs = Number(options.overlapSeconds ?? 900) * 1000;
	const createdWithinMs = Number(options.createdWithinDays ?? 30) * 86_400_000;
	if (![settleMs, overlapMs, createdWithinMs].every((v) => Number.isFinite(v) && v >= 0)) {
		throw new NodeOperationError(node, 'The trigger options must be positive numbers');
	}
	const maxPerPoll = readMaxPerPoll(node, options.maxPerPoll, 'Max Alerts per Poll');

	if (this.getMode() === 'manual') {
		const latest = await fetchLatest(this, event, body);
		return latest.length ? [this.helpers.returnJsonArray(latest.map(shape))] : null;
	}

	const credentials = await this.getCredentials(cbcCredentialType(this));
	const tenantParts = [credentials.environment, credentials.customUrl, credentials.orgKey];
	const now = Date.now();
	const startFrom = options.startFrom
		? Date.parse(toUtcIso(node, options.startFrom, 'Start Date', 0))
		: undefined;
	const staticData = this.getWorkflowStaticData('node');
	const loaded = loadState(staticData, STATE_KEY, {
		stream: 'time',
		fingerprint: fingerprintOf([event, body]),
		tenant: fingerprintOf(tenantParts),
		now,
		maxAheadMs: MAX_AHEAD_MS,
		legacyFingerprint: fingerprintOf([event, body, ...tenantParts]),
	});
	let state = loaded.state;
	if (!state && loaded.problem?.kind === 'first') {
		const baseline = startFrom ?? now - settleMs;
		state = emptyState('time', fingerprintOf([event, body]), fingerprintOf(tenantParts), {
			watermark: baseline,
			floor: baseline,
		});
		if (startFrom === undefined) {
			saveState(staticData, STATE_KEY, state, now);
			return null;
		}
	} else if (!state) {
		state = recoverTimeStream(loaded, {
			trigger: node.name,
			now,
			overlapMs,
			fingerprint: fingerprintOf([event, body]),
			tenant: fingerprintOf(tenantParts),
			startAt: startFrom,
		});
		this.logger.warn(state.notice ?? 'Trigger state recovered', { node: node.name });
	}

	const window = computeWindow(state.watermark ?? now - settleMs, state.floor, now, {
		settleMs,
		overlapMs,
	});
	// A burst the last poll's budget did not finish goes on where that poll stopped.
	if (window && state.resumeFrom !== undefined) window.from = state.resumeFrom;
	if (!window) {
		saveState(staticData, STATE_KEY, state, now);
		return null;
	}
	const keyOf =
		event === 'alertCreated'
			? (alert: IDataObject) => String(alert.id)
			: (alert: IDataObject) => `${String(alert.id)}@${String(alert[stamp])}`;
	const seen = state.seen;
	const read = await fetchWindow(this, event, body, window, createdWithinMs, {
		deadline: pollDeadline(this),
		max: maxPerPoll,
		// Alerts re-read in the late-arrival window were emitted before: only new ones count.
		counts: (alert) => !seen.has(keyOf(alert)),
	});
	const advanced = advanceTime(
		state,
		{ items: read.items, from: window.from, complete: read.complete, readTo: window.to },
		keyOf,
		(alert) => Date.parse(String(alert[stamp] ?? '')),
		{ now, overlapMs, maxSeen: MAX_SEEN },
	);
	const { emit } = advanced;
	saveState(staticData, STATE_KEY, attachNotice(emit, advanced.state), now);
	return emit.length ? [this.helpers.returnJsonArray(emit.map(shape))] : null;
}

export class CarbonBlackCloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Carbon Black Cloud Trigger',
		name: 'carbonBlackCloudTrigger',
		icon: {
			light: 'file:../../icons/carbonBlackCloud.svg',
			dark: 'file:../../icons/carbonBlackCloud.dark.svg',
		},
		group: ['trigger'],
		// 1.1: Output (Simplified by default, Raw, Selected Fields)
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["event"] === "alertUpdated" ? "Alert Updated" : "Alert Created"}}',
		// n8n's node panel shows this text for the merged action + trigger entry, so it names both
		description:
			'Starts a workflow when Carbon Black Cloud alerts are created or updated; the action node searches, triages and closes them',
		defaults: { name: 'Carbon Black Cloud Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: cbcNodeCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'alertCreated',
				options: [
					{
						name: 'Alert Created',
						value: 'alertCreated',
						description: 'Each new alert once, by the time Carbon Black Cloud created it',
					},
					{
						name: 'Alert Updated',
						value: 'alertUpdated',
						description:
							'Each change of an alert once (workflow, determination, tags, notes, new events)',
					},
				],
			},
			{
				displayName: 'Query',
				name: 'query',
				type: 'string',
				default: '',
				placeholder: 'e.g. device_os:WINDOWS AND NOT process_name:svchost.exe',
				description: 'Lucene query over the alert search fields; leave empty for all alerts',
			},
			alertFilters,
			...outputProperties(cbcAlertOutput, fromVersion(1.1)),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Late Arrival Window (Seconds)',
						name: 'overlapSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 900,
						description:
							'How far back each poll looks again for alerts that became searchable late; duplicates are never emitted',
					},
					{
						displayName: 'Max Alerts per Poll',
						name: 'maxPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_PER_POLL,
						description:
							'More are emitted by the next polls, oldest first; keeps each execution a size a worker can finish',
					},
					{
						displayName: 'Settle Delay (Seconds)',
						name: 'settleSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 60,
						description:
							'Only alerts older than this are read, as Carbon Black recommends for exports',
					},
					{
						displayName: 'Start Date',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description: 'On first activation, emit alerts from this date instead of only new ones',
					},
					{
						displayName: 'Updated Alerts Created Within (Days)',
						name: 'createdWithinDays',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 180 },
						default: 30,
						description:
							'For Alert Updated: how old an alert may be and still be watched for changes',
						displayOptions: { show: { '/event': ['alertUpdated'] } },
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await runExclusive(this, STATE_KEY, async () => await pollCarbonBlack.call(this));
	}
}
