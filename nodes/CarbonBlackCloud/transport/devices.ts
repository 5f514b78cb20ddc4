import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { append, chunk } from '../../shared/batch';
import type { RequestContext } from '../../shared/http';
import { expectList } from '../../shared/http';
import type { DeviceAction } from '../helpers/devices';
import { cbcApiRequest, cbcApiRequestObject } from './index';

/** Device searches answer at most 10,000 rows per request (the CBC SDK's limit); like alert searches, only the first 10,000 results are reachable. */
export const DEVICE_WINDOW = 10_000;
const DEVICE_PAGE = 2_000;
/** Device IDs per device_actions request and per search by ID. */
export const DEVICE_CHUNK = 1_000;

export interface DeviceSearchBody extends IDataObject {
	query?: string;
	criteria?: IDataObject;
	exclusions?: IDataObject;
	sort?: Array<{ field: string; order: string }>;
}

/** `POST devices/_search`, 1-based `start`, until `max`, a short page or `num_found`. */
export async function searchDevices(
	ctx: RequestContext,
	body: DeviceSearchBody,
	options: { max?: number; itemIndex?: number },
): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const max = options.max ?? Infinity;
	let start = 1;
	while (out.length < max) {
		const rows = Math.min(DEVICE_PAGE, max - out.length, DEVICE_WINDOW - start + 1);
		if (rows <= 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The search finds more than ${DEVICE_WINDOW - 1} devices, more than Carbon Black Cloud returns for one search`,
				{
					itemIndex: options.itemIndex,
					description: 'Narrow it with filters (OS, status, policy) or a query, or set a Limit.',
				},
			);
		}
		const page = await cbcApiRequestObject(ctx, {
			method: 'POST',
			api: 'devicesV6',
			path: ['devices', '_search'],
			body: { ...body, start, rows },
			itemIndex: options.itemIndex,
			idempotent: true,
		});
		const results = expectList(ctx, page, 'results', 'Carbon Black Cloud', options.itemIndex);
		append(out, results.slice(0, max - out.length));
		const found = Number(page.num_found);
		start += results.length;
		if (results.length < rows || (Number.isFinite(found) && start > found)) break;
	}
	return out;
}

/** Devices by ID, 1,000 per search; IDs the search does not find are absent from the map. */
export async function devicesById(
	ctx: RequestContext,
	ids: number[],
	itemIndex?: number,
): Promise<Map<number, IDataObject>> {
	const found = new Map<number, IDataObject>();
	for (const part of chunk(ids, DEVICE_CHUNK)) {
		const devices = await searchDevices(
			ctx,
			{ criteria: { id: part } },
			{ max: part.length, itemIndex },
		);
		for (const device of devices) found.set(Number(device.id), device);
	}
	return found;
}

/** One `GET devices/{id}` (a missing device is the API's 404). */
export async function getDevice(ctx: RequestContext, id: number, itemIndex?: number) {
	return await cbcApiRequestObject(ctx, {
		method: 'GET',
		api: 'devicesV6',
		path: ['devices', id],
		itemIndex,
	});
}

/** `POST device_actions` for these devices, 1,000 per request; the API answers 204. */
export async function sendDeviceAction(
	ctx: RequestContext,
	action: DeviceAction,
	ids: number[],
): Promise<number> {
	let requests = 0;
	for (const part of chunk(ids, DEVICE_CHUNK)) {
		await cbcApiRequest(ctx, {
			method: 'POST',
			api: 'devicesV6',
			path: ['device_actions'],
			body: { action_type: action.actionType, device_id: part, options: { toggle: action.toggle } },
			// a repeated quarantine request does no harm, but a dropped one may have been applied: not retried blindly
			idempotent: false,
		});
		requests++;
	}
	return requests;
}

/**
 * Re-reads the devices (back-off 0.5 s doubling to 5 s) until each shows the change or the
 * timeout passes; answers the last state read of every device.
 */
export async function confirmDevices(
	ctx: RequestContext,
	action: DeviceAction,
	ids: number[],
	timeoutMs: number,
): Promise<Map<number, { device?: IDataObject; confirmed: boolean }>> {
	const deadline = Date.now() + timeoutMs;
	const state = new Map<number, { device?: IDataObject; confirmed: boolean }>();
	for (const id of ids) state.set(id, { confirmed: false });
	let delay = 500;
	for (;;) {
		const waiting = ids.filter((id) => !state.get(id)!.confirmed);
		if (!waiting.length) return state;
		const found = await devicesById(ctx, waiting);
		for (const id of waiting) {
			const device = found.get(id);
			state.set(id, { device, confirmed: device ? action.confirmed(device) : false });
		}
		if (ids.every((id) => state.get(id)!.confirmed)) return state;
		const left = deadline - Date.now();
		if (left <= 0) return state;
		await sleep(Math.min(delay, left));
		delay = Math.min(delay * 2, 5_000);
	}
}
