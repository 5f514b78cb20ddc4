import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../shared/dates';
import { dedupeAlerts, windowStart } from './trigger/dedupe';
import type { AlertEvent, SequenceEvent, TriggerEvent } from './trigger/fetch';
import {
	ALERT_FIELD,
	fetchAlertsAfter,
	fetchLatestAlert,
	fetchLatestObject,
	fetchSequence,
	fetchSequenceBaseline,
	isAlertEvent,
} from './trigger/fetch';
import type { TriggerState } from './trigger/state';
import { fingerprintOf, newState, readState, writeState } from './trigger/state';

const MAX_SEEN = 50_000;

interface Settings {
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
	const maxPerPoll = Number(options.maxPerPoll ?? 10_000);
	if (!Number.isFinite(overlapMs) || overlapMs < 0) {
		throw new NodeOperationError(node, '"Late Arrival Window" must be 0 or more seconds');
	}
	if (!Number.isInteger(maxPerPoll) || maxPerPoll < 1) {
		throw new NodeOperationError(node, '"Max Items per Poll" must be a whole number of at least 1');
	}
	const startDate = options.startDate
		? Date.parse(toUtcIso(node, options.startDate, 'Start Date', 0))
		: undefined;
	return {
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

/** First activation of an alert stream: everything already in the overlap window counts as seen. */
async function alertBaseline(
	ctx: IPollFunctions,
	event: AlertEvent,
	fingerprint: string,
	settings: Settings,
): Promise<TriggerState> {
	const latest = await fetchLatestAlert(ctx, event);
	const latestAt = latest ? timeOfAlert(event)(latest) : NaN;
	if (Number.isNaN(latestAt)) return newState(fingerprint);
	const floor = latestAt - settings.overlapMs;
	const state = newState(fingerprint, { floor, watermark: latestAt });
	const existing = await fetchAlertsAfter(ctx, event, floor);
	const { next } = dedupeAlerts(
		existing,
		state,
		keyOfAlert(event),
		timeOfAlert(event),
		settings.overlapMs,
		MAX_SEEN,
	);
	return { ...state, ...next };
}

async function pollAlerts(
	ctx: IPollFunctions,
	event: AlertEvent,
	state: TriggerState,
	settings: Settings,
): Promise<{ emit: IDataObject[]; state: TriggerState }> {
	const alerts = await fetchAlertsAfter(ctx, event, windowStart(state, settings.overlapMs));
	const { emit, next } = dedupeAlerts(
		alerts,
		state,
		keyOfAlert(event),
		timeOfAlert(event),
		settings.overlapMs,
		MAX_SEEN,
	);
	const shown =
		event === 'modifiedAlert' && !settings.includeNew
			? emit.filter((alert) => alert.modifiedAt !== alert.triggeredAt)
			: emit;
	return { emit: shown, state: { ...state, ...next } };
}

async function pollSequence(
	ctx: IPollFunctions,
	event: SequenceEvent,
	state: TriggerState,
	settings: Settings,
): Promise<{ emit: IDataObject[]; state: TriggerState }> {
	const { items, cursor } = await fetchSequence(ctx, event, state.cursor, settings.maxPerPoll);
	return { emit: items, state: { ...state, cursor } };
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
		version: 1,
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
						default: 10000,
						description: 'More are emitted by the next polls, in order',
						displayOptions: {
							show: { '/event': ['event', 'threatDetection', 'securityAnnotation'] },
						},
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
		const event = this.getNodeParameter('event', 'newAlert') as TriggerEvent;
		const settings = readSettings(this);

		if (this.getMode() === 'manual') {
			const latest = isAlertEvent(event)
				? [await fetchLatestAlert(this, event)].filter((a): a is IDataObject => !!a)
				: await fetchLatestObject(this, event);
			return latest.length ? [this.helpers.returnJsonArray(latest)] : null;
		}

		const credentials = await this.getCredentials('ciscoGlobalThreatAlertsApi');
		const fingerprint = fingerprintOf([
			event,
			event === 'modifiedAlert' ? settings.includeNew : null,
			String(credentials.baseUrl ?? '').trim(),
			String(credentials.customerId ?? '').trim(),
		]);
		const staticData = this.getWorkflowStaticData('node');
		let state = readState(staticData, fingerprint);
		if (!state) {
			if (settings.startDate !== undefined && isAlertEvent(event)) {
				state = newState(fingerprint, { floor: settings.startDate - 1 });
			} else if (settings.startFromBeginning) {
				state = newState(fingerprint);
			} else {
				writeState(
					staticData,
					isAlertEvent(event)
						? await alertBaseline(this, event, fingerprint, settings)
						: newState(fingerprint, { cursor: await fetchSequenceBaseline(this, event) }),
				);
				return null;
			}
		}

		const { emit, state: next } = isAlertEvent(event)
			? await pollAlerts(this, event, state, settings)
			: await pollSequence(this, event, state, settings);
		writeState(staticData, next);
		return emit.length ? [this.helpers.returnJsonArray(emit)] : null;
	}
}
