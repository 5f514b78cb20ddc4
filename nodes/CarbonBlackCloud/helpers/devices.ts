import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue, readIdValue } from '../../shared/params';

/** A device ID: a whole number (the API's `id`, an alert's `device_id`). */
export function checkDeviceId(node: INode, raw: unknown, itemIndex: number): number {
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		throw new NodeOperationError(
			node,
			`"Device" must be a whole number, got ${describeValue(raw)}`,
			{
				itemIndex,
			},
		);
	}
	const text = readIdValue(node, raw, 'Device', itemIndex, {
		hint: "Use the device's numeric ID, e.g. {{ $json.device_id }} from an alert.",
	});
	if (text === '0') {
		throw new NodeOperationError(node, '"Device" is 0: the alert has no device', {
			itemIndex,
			description:
				'Alerts of workloads, containers or the network carry device_id 0. Filter them out before this node, or turn on Continue On Fail.',
		});
	}
	if (!/^\d{1,19}$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) <= 0) {
		throw new NodeOperationError(
			node,
			`"Device" must be a numeric device ID, got "${text.slice(0, 40)}"`,
			{
				itemIndex,
				description:
					"Device IDs are numbers, e.g. 18118174; an alert carries its device's as device_id.",
			},
		);
	}
	return Number(text);
}

/** The item's Device parameter (resource locator or plain value). */
export function readDeviceId(ctx: IExecuteFunctions, itemIndex: number): number {
	return checkDeviceId(
		ctx.getNode(),
		ctx.getNodeParameter('deviceId', itemIndex, '', { extractValue: true }),
		itemIndex,
	);
}

export interface DeviceAction {
	/** The API's action_type. */
	actionType: 'QUARANTINE' | 'BYPASS' | 'BACKGROUND_SCAN';
	toggle: 'ON' | 'OFF';
	/** Words for the output and messages. */
	label: string;
	/** Whether a re-read device shows the change (field names of the SDK's device.yaml). */
	confirmed: (device: IDataObject) => boolean;
}

const BYPASS_STATUSES = ['BYPASS', 'BYPASS_ON'];

export const DEVICE_ACTIONS: Record<string, DeviceAction> = {
	quarantine: {
		actionType: 'QUARANTINE',
		toggle: 'ON',
		label: 'quarantine',
		confirmed: (d) => d.quarantined === true,
	},
	releaseQuarantine: {
		actionType: 'QUARANTINE',
		toggle: 'OFF',
		label: 'release from quarantine',
		confirmed: (d) => d.quarantined === false,
	},
	enableBypass: {
		actionType: 'BYPASS',
		toggle: 'ON',
		label: 'enable bypass',
		confirmed: (d) => BYPASS_STATUSES.includes(String(d.status)),
	},
	disableBypass: {
		actionType: 'BYPASS',
		toggle: 'OFF',
		label: 'disable bypass',
		confirmed: (d) => d.status !== undefined && !BYPASS_STATUSES.includes(String(d.status)),
	},
	startBackgroundScan: {
		actionType: 'BACKGROUND_SCAN',
		toggle: 'ON',
		label: 'start background scan',
		confirmed: (d) => d.scan_status === 'IN_PROGRESS' || d.scan_status === 'COMPLETED',
	},
	stopBackgroundScan: {
		actionType: 'BACKGROUND_SCAN',
		toggle: 'OFF',
		label: 'stop background scan',
		confirmed: (d) => d.scan_status === 'STOPPED' || d.scan_status === 'NEVER_RUN',
	},
};

/** The device fields a playbook checks after an action. */
export const DEVICE_STATE_FIELDS = [
	'name',
	'os',
	'status',
	'quarantined',
	'scan_status',
	'last_contact_time',
];
