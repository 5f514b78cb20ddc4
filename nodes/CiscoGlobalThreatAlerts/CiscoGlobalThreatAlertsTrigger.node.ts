import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../shared/dates';
import { outputProperties, readOutputChoice, shapeRecord } from '../shared/output';
import type { OutputShape } from '../shared/output';
import { ctaAlertOutput, ctaDetectionOutput, ctaEventOutput } from './helpers/output';
import { annotateEvents } from './helpers/annotations';
import { DEFAULT_MAX_PER_POLL, pollDeadline, readMaxPerPoll } from '../shared/trigger/budget';
import { runExclusive } from '../shared/trigger/exclusive';
import { attachNotice, recoverSequenceStream, recoverTimeStream } from '../shared/trigger/recover';
import type { StreamState } from '../shared/trigger/state';
import { fingerprintOf, loadState, saveState } from '../shared/trigger/state';
import { advanceSequence, advanceTime, emptyState } from '../shared/trigger/streams';
import type { AlertEvent, SequenceEvent, TriggerEvent } from './trigger/fetch';
import {
	ALERT_FIELD,
	fetchAlertsAfter,
	fetchLatestAlert,
	fetchLatestObject,
	fetchSequence,
	findSequenceEnd,
	isAlertEvent,
} from './trigger/fetch';

const STATE_KEY = 'ctaTrigger';

/** What each event emits, for Output; security annotations are a join and are always whole. */
const OUTPUT_OF: Partial<Record<TriggerEvent, OutputShape>> = {
	newAlert: ctaAlertOutput,
	modifiedAlert: ctaAlertOutput,
	event: ctaEventOutput,
	threatDetection: ctaDetectionOutput,
};

/** Output and its fields for these events, shown from version 1.1 on. */
const outputFor = (events: TriggerEvent[], shape: OutputShape) =>
	outputProperties(shape, { event: events, '@version': [{ _cnd: { gte: 1.1 } }] });
const MAX_SEEN = 50_000;
/** A time further ahead of the clock than this is not believed (saved state, vendor stamps). */
const MAX_AHEAD_MS = 5 * 60_000;

/** The risks and statuses an alert can have (most severe first). */
const ALERT_RISKS = ['Critical', 'High', 'Medium', 'Low'];
const ALERT_STATUSES = ['New', 'Open', 'Closed'];

interface Settings {
	risks: string[];
	statuses: string[];
	overlapMs: number;
	maxPerPoll: number;
	includeNew: boolean;
	startFromBeginning: boolean;
	startDate?: number;
}

function readSettings(ctx: IPollFunctions): Settings {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const overlapMs = Number(options.lateArrivalSeconds ?? 600) * 1000;
	const maxPerPoll = readMaxPerPoll(node, options.maxPerPoll, 'Max Items per Poll');
	if (!Number.isFinite(overlapMs) || overlapMs < 0) {
		throw new NodeOperationError(node, '"Late Arrival Window" must be 0 or more seconds');
	}
	const startDate = options.startDate
		? Date.parse(toUtcIso(node, options.startDate, 'Start Date', 0))
		: undefined;
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const chosen = (value: unknown, allowed: string[], label: string): string[] => {
		const list = (
			Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]
		).map(String);
		const unknown = list.filter((v) => !allowed.includes(v));
		if (unknown.length) {
			throw new NodeOperationError(node, `"${unknown[0].slice(0, 40)}" is not an alert ${label}`, {
				description: `Use ${allowed.join(', ')}.`,
			});
		}
		return list;
	};
	return {
		risks: chosen(filters.risks, ALERT_RISKS, 'risk'),
		statuses: chosen(filters.statuses, ALERT_STATUSES, 'status'),
		overlapMs,
		maxPerPoll,
		includeNew: options.includeNewAlerts !== false,
		startFromBeginning: options.startFromBeginning === true,
		startDate,
	};
}

const keyOfAlert = (event: AlertEvent) => (alert: IDataObject) =>
	event === 'newAlert'
		? String(alert.id)
		: `${String(alert.id)}@${String(alert[ALERT_FIELD[event].field])}`;

const timeOfAlert = (event: AlertEvent) => (alert: IDataObject) =>
	Date.parse(String(alert[ALERT_FIELD[event].field] ?? ''));

/** Events, detections and annotations: the same object again only when it changed. */
const keyOfSequenced = (item: IDataObject) =>
	`${String(item.id)}@${String(item.modificationSequenceNumber ?? item.modifiedAt ?? '')}`;

const sequenceOf = (item: IDataObject) =>
	typeof item.modificationSequenceNumber === 'number' ||
	typeof item.modificationSequenceNumber === 'string'
		? String(item.modificationSequenceNumber)
		: undefined;

/** Where the next alert read starts (exclusive, ms): watermark minus the overlap, never below the floor. */
function alertReadStart(state: StreamState, overlapMs: number): number | null {
	// After a poll its budget stopped: on from its newest time (1 ms before: the filter is exclusive).
	if (state.resumeFrom !== undefined) return state.resumeFrom - 1;
	if (state.watermark === null) return state.floor;
	const start = state.watermark - overlapMs;
	return state.floor === null ? start : Math.max(state.floor, start);
}

async function pollAlerts(
	ctx: IPollFunctions,
	event: AlertEvent,
	state: StreamState,
	settings: Settings,
	now: number,
): Promise<{ emit: IDataObject[]; state: StreamState }> {
	const from = alertReadStart(state, settings.overlapMs);
	const keyOf = keyOfAlert(event);
	const seen = state.seen;
	const read = await fetchAlertsAfter(ctx, event, from, {
		deadline: pollDeadline(ctx),
		max: settings.maxPerPoll,
		// Alerts re-read in the late-arrival window were emitted before: only new ones count.
		counts: (alert) => !seen.has(keyOf(alert)),
	});
	const { emit, state: next } = advanceTime(
		state,
		{ items: read.items, from, complete: read.complete && !read.capped },
		keyOf,
		timeOfAlert(event),
		{ now, overlapMs: settings.overlapMs, maxSeen: MAX_SEEN },
	);
	const { risks, statuses } = settings;
	const shown = emit.filter(
		(alert) =>
			(event !== 'modifiedAlert' ||
				settings.includeNew ||
				alert.modifiedAt !== alert.triggeredAt) &&
			(!risks.length || risks.includes(String(alert.risk))) &&
			(!statuses.length ||
				statuses.includes(String((alert.status as IDataObject | undefined)?.value))),
	);
	return { emit: shown, state: next };
}

async function pollSequence(
	ctx: IPollFunctions,
	event: SequenceEvent,
	state: StreamState,
	settings: Settings,
	now: number,
): Promise<{ emit: IDataObject[]; state: StreamState }> {
	const deadline = pollDeadline(ctx);
	if (state.baseline) {
		const end = await findSequenceEnd(ctx, event, state.baseline.after, deadline);
		return {
			emit: [],
			state: end.done
				? { ...state, cursor: end.cursor, baseline: undefined }
				: { ...state, baseline: { after: end.cursor } },
		};
	}
	const read = await fetchSequence(ctx, event, state.cursor, settings.maxPerPoll, deadline);
	const polled = advanceSequence(state, read, keyOfSequenced, sequenceOf, {
		now,
		maxSeen: MAX_SEEN,
	});
	if (event !== 'securityAnnotation' || !polled.emit.length) return polled;
	const annotations = await annotateEvents(ctx, polled.emit);
	return {
		...polled,
		emit: annotations.map((a) => ({ _eventId: (a.event as IDataObject)._eventId, ...a })),
	};
}

/** First activation of an alert stream: alerts of the last late-arrival window count as seen. */
async function alertBaseline(
	ctx: IPollFunctions,
	event: AlertEvent,
	state: StreamState,
	settings: Settings,
	now: number,
): Promise<StreamState> {
	const floor = now - settings.overlapMs;
	const base = { ...state, floor, watermark: now };
	const existing = await fetchAlertsAfter(ctx, event, floor);
	return advanceTime(
		base,
		{ items: existing.items, from: floor, complete: existing.complete },
		keyOfAlert(event),
		timeOfAlert(event),
		{ now, overlapMs: settings.overlapMs, maxSeen: MAX_SEEN },
	).state;
}

async function pollCisco(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'newAlert') as TriggerEvent;
	const settings = readSettings(this);
	// Output (version 1.1 on; Raw before) is checked before anything is read or saved.
	const outputShape = OUTPUT_OF[event];
	const choice = outputShape
		? readOutputChoice(this.getNode(), (name, fallback) => this.getNodeParameter(name, fallback))
		: { mode: 'raw' as const, fields: [] };
	const shape = (item: IDataObject) =>
		outputShape ? shapeRecord(outputShape, choice, item) : item;

	if (this.getMode() === 'manual') {
		const latest = isAlertEvent(event)
			? [await fetchLatestAlert(this, event)].filter((a): a is IDataObject => !!a)
			: await fetchLatestObject(this, event);
		return latest.length ? [this.helpers.returnJsonArray(latest.map(shape))] : null;
	}

	const node = this.getNode();
	const credentials = await this.getCredentials('ciscoGlobalThreatAlertsApi');
	const tenantParts = [
		String(credentials.baseUrl ?? '').trim(),
		String(credentials.customerId ?? '').trim(),
	];
	const settingsParts = [event, event === 'modifiedAlert' ? settings.includeNew : null];
	const fingerprint = fingerprintOf(settingsParts);
	const tenant = fingerprintOf(tenantParts);
	const stream = isAlertEvent(event) ? 'time' : 'sequence';
	const now = Date.now();
	const staticData = this.getWorkflowStaticData('node');
	const loaded = loadState(staticData, STATE_KEY, {
		stream,
		fingerprint,
		tenant,
		now,
		maxAheadMs: MAX_AHEAD_MS,
		legacyFingerprint: fingerprintOf([...settingsParts, ...tenantParts]),
	});
	let state = loaded.state;
	if (!state && loaded.problem?.kind === 'first') {
		const fresh = emptyState(stream, fingerprint, tenant);
		if (settings.startDate !== undefined && isAlertEvent(event)) {
			state = { ...fresh, floor: settings.startDate - 1 };
		} else if (settings.startFromBeginning) {
			state = fresh;
		} else {
			const first = isAlertEvent(event)
				? await alertBaseline(this, event, fresh, settings, now)
				: (await pollSequence(this, event, { ...fresh, baseline: { after: null } }, settings, now))
						.state;
			saveState(staticData, STATE_KEY, first, now);
			return null;
		}
	} else if (!state) {
		const context = {
			trigger: node.name,
			now,
			overlapMs: settings.overlapMs,
			fingerprint,
			tenant,
			startAt: isAlertEvent(event) ? settings.startDate : undefined,
		};
		if (isAlertEvent(event)) state = recoverTimeStream(loaded, context);
		else {
			const recovered = recoverSequenceStream(loaded, context);
			state = recovered.rebaseline
				? { ...recovered.state, baseline: { after: null } }
				: recovered.state;
		}
		this.logger.warn(state.notice ?? 'Trigger state recovered', { node: node.name });
	}

	const polled = isAlertEvent(event)
		? await pollAlerts(this, event, state, settings, now)
		: await pollSequence(this, event, state, settings, now);
	const { emit } = polled;
	saveState(staticData, STATE_KEY, attachNotice(emit, polled.state), now);
	return emit.length ? [this.helpers.returnJsonArray(emit.map(shape))] : null;
}

export class CiscoGlobalThreatAlertsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cisco Global Threat Alerts Trigger',
		name: 'ciscoGlobalThreatAlertsTrigger',
		icon: {
			light: 'file:../../icons/ciscoGlobalThreatAlerts.svg',
			dark: 'file:../../icons/ciscoGlobalThreatAlerts.dark.svg',
		},
		group: ['trigger'],
		// 1.1: Output (Simplified by default, Raw, Selected Fields)
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ ({ newAlert: "New Alert", modifiedAlert: "Modified Alert", event: "New or Updated Event", threatDetection: "New or Updated Threat Detection", securityAnnotation: "Security Annotation" })[$parameter["event"]] }}',
		// n8n's node panel shows this text for the merged action + trigger entry, so it names both
		description:
			'Starts a workflow on new or changed Cisco Global Threat Alerts alerts, events, threat detections and annotations; the action node reads and triages them',
		defaults: { name: 'Cisco Global Threat Alerts Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ciscoGlobalThreatAlertsApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'newAlert',
				options: [
					{
						name: 'Modified Alert',
						value: 'modifiedAlert',
						description:
							'Each change of an alert once (status, note, risk, threat detections), by modifiedAt',
					},
					{
						name: 'New Alert',
						value: 'newAlert',
						description: 'Each new alert once, by triggeredAt',
					},
					{
						name: 'New or Updated Event',
						value: 'event',
						description: 'Each version of a security event once, by modification sequence number',
					},
					{
						name: 'New or Updated Threat Detection',
						value: 'threatDetection',
						description: 'Each version of a threat detection once, by modification sequence number',
					},
					{
						name: 'Security Annotation',
						value: 'securityAnnotation',
						description:
							'Each new or updated event once, with its threat detections and alerts attached',
					},
				],
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				description:
					'The alerts API has no risk or status filter, so every alert is read and these are applied before anything is emitted',
				displayOptions: { show: { event: ['newAlert', 'modifiedAlert'] } },
				options: [
					{
						displayName: 'Risk',
						name: 'risks',
						type: 'multiOptions',
						default: [],
						options: ALERT_RISKS.map((risk) => ({ name: risk, value: risk })),
						description:
							'Only alerts of these risks (none selected: all). New Alert looks at the risk an alert has when it is first seen.',
					},
					{
						displayName: 'Status',
						name: 'statuses',
						type: 'multiOptions',
						default: [],
						options: ALERT_STATUSES.map((status) => ({ name: status, value: status })),
						description: 'Only alerts in these statuses (none selected: all)',
					},
				],
			},
			...outputFor(['newAlert', 'modifiedAlert'], ctaAlertOutput),
			...outputFor(['event'], ctaEventOutput),
			...outputFor(['threatDetection'], ctaDetectionOutput),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include New Alerts',
						name: 'includeNewAlerts',
						type: 'boolean',
						default: true,
						description:
							'Whether a new alert also counts as modified (its first version); off emits only later changes',
						displayOptions: { show: { '/event': ['modifiedAlert'] } },
					},
					{
						displayName: 'Late Arrival Window (Seconds)',
						name: 'lateArrivalSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 600,
						description:
							'How far back each poll looks again for alerts that became visible late; duplicates are never emitted',
						displayOptions: { show: { '/event': ['newAlert', 'modifiedAlert'] } },
					},
					{
						displayName: 'Max Items per Poll',
						name: 'maxPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_PER_POLL,
						description:
							'More are emitted by the next polls, in order; keeps each execution a size a worker can finish',
					},
					{
						displayName: 'Start Date',
						name: 'startDate',
						type: 'dateTime',
						default: '',
						description: 'On first activation, emit alerts from this date instead of only new ones',
						displayOptions: { show: { '/event': ['newAlert', 'modifiedAlert'] } },
					},
					{
						displayName: 'Start From Beginning',
						name: 'startFromBeginning',
						type: 'boolean',
						default: false,
						description:
							'Whether the first activation emits every existing object (history) instead of only new ones',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await runExclusive(this, STATE_KEY, async () => await pollCisco.call(this));
	}
}
