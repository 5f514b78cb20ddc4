import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { unique } from '../../../shared/batch';
import { readPerItem, settleItems } from '../../../shared/router';
import { deviceIdLocator } from '../../descriptions/device';
import { readDeviceId } from '../../helpers/devices';
import { devicesById, getDevice } from '../../transport/devices';

const properties: INodeProperties[] = [deviceIdLocator];

const displayOptions = { show: { resource: ['device'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** One device per item; many items are read with searches of up to 1,000 IDs, a miss with its own GET (404). */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const ids = readPerItem(this, (i) => readDeviceId(this, i));
	const wanted = unique(ids.filter((id): id is number => typeof id === 'number'));
	let found = new Map<number, IDataObject>();
	if (wanted.length > 1) {
		try {
			found = await devicesById(this, wanted);
		} catch {
			// each item then reads its own device and reports its own error
		}
	}
	const results: Array<IDataObject[] | Error> = [];
	for (const [itemIndex, id] of ids.entries()) {
		if (id instanceof Error) {
			results.push(id);
			continue;
		}
		let device = found.get(id);
		if (!device) {
			try {
				device = await getDevice(this, id, itemIndex);
				found.set(id, device);
			} catch (error) {
				results.push(error as Error);
				continue;
			}
		}
		results.push([device]);
	}
	return settleItems(this, results);
}
