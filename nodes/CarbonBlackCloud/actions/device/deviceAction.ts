import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { unique } from '../../../shared/batch';
import { readPerItem, settleItems } from '../../../shared/router';
import { deviceActionOptions, deviceIdLocator } from '../../descriptions/device';
import { DEVICE_ACTIONS, DEVICE_STATE_FIELDS, readDeviceId } from '../../helpers/devices';
import { confirmDevices, sendDeviceAction } from '../../transport/devices';

/** The fields of one device action operation (Device, Options). */
export function deviceActionDescription(operation: string): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['device'], operation: [operation] } }, [
		deviceIdLocator,
		deviceActionOptions,
	]);
}

interface Plan {
	id: number;
	wait: boolean;
	timeoutMs: number;
}

/**
 * Runs a device action for every input item: the devices (deduplicated) go out in one
 * `device_actions` request per 1,000, then, if asked, a bounded wait re-reads them until the
 * change shows. Every item answers for its own device.
 */
export function deviceActionExecutor(operation: string) {
	const action = DEVICE_ACTIONS[operation];
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		const node = this.getNode();
		const asTool = /Tool$/.test(node.type);
		const plans = readPerItem(this, (i): Plan => {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			if (asTool && options.allowAiAgent !== true) {
				throw new NodeOperationError(
					node,
					`An AI agent may not ${action.label} devices with this node`,
					{
						itemIndex: i,
						description:
							'Device actions change endpoints. To let the agent run this one, turn on Options › Allow Use by an AI Agent.',
					},
				);
			}
			const timeout = Number(options.confirmTimeout ?? 120);
			if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 3600) {
				throw new NodeOperationError(node, '"Confirmation Timeout" must be 1 to 3,600 seconds', {
					itemIndex: i,
				});
			}
			return {
				id: readDeviceId(this, i),
				wait: options.waitForConfirmation === true,
				timeoutMs: timeout * 1000,
			};
		});
		const valid = plans.filter((p): p is Plan => !(p instanceof Error));
		const ids = unique(valid.map((p) => p.id));
		let sent: Error | undefined;
		if (ids.length) {
			try {
				await sendDeviceAction(this, action, ids);
			} catch (error) {
				sent = error as Error;
			}
		}
		const toConfirm = unique(valid.filter((p) => p.wait).map((p) => p.id));
		const timeoutMs = Math.max(0, ...valid.filter((p) => p.wait).map((p) => p.timeoutMs));
		const confirmed =
			!sent && toConfirm.length
				? await confirmDevices(this, action, toConfirm, timeoutMs)
				: undefined;
		const results = plans.map((plan): IDataObject[] | Error => {
			if (plan instanceof Error) return plan;
			if (sent) return sent;
			const out: IDataObject = {
				device_id: plan.id,
				action_type: action.actionType,
				toggle: action.toggle,
				requested: true,
			};
			if (plan.wait) {
				const state = confirmed?.get(plan.id);
				out.confirmed = state?.confirmed ?? false;
				if (state?.device) {
					for (const field of DEVICE_STATE_FIELDS) {
						if (field in state.device) out[field] = state.device[field];
					}
				} else {
					out.found = false;
				}
			}
			return [out];
		});
		return settleItems(this, results);
	};
}
