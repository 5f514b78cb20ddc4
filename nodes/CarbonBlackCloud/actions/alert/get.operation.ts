import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chunk, unique } from '../../../shared/batch';
import { readPerItem, settleItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { ALL_TIME_START, ID_CHUNK_SIZE } from '../../helpers/constants';
import { readAlertId } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [alertIdLocator];

const displayOptions = { show: { resource: ['alert'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

async function getOne(
	ctx: IExecuteFunctions,
	id: string,
	itemIndex: number,
): Promise<IDataObject | Error> {
	try {
		return await cbcApiRequestObject(ctx, { method: 'GET', path: ['alerts', id], itemIndex });
	} catch (error) {
		return error as Error;
	}
}

/** Many input items become one search by ID list per 1,000 IDs; IDs it misses are fetched one by one. */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const ids = readPerItem(this, (i) => readAlertId(this, i));
	const wanted = unique(ids.filter((id): id is string => typeof id === 'string'));
	const found = new Map<string, IDataObject | Error>();
	if (wanted.length > 1) {
		for (const part of chunk(wanted, ID_CHUNK_SIZE)) {
			try {
				const page = await cbcApiRequestObject(this, {
					method: 'POST',
					path: ['alerts', '_search'],
					body: {
						time_range: { start: ALL_TIME_START, end: new Date().toISOString() },
						criteria: { id: part },
						start: 1,
						rows: part.length,
					},
				});
				for (const alert of (page.results as IDataObject[] | undefined) ?? [])
					found.set(String(alert.id), alert);
			} catch (error) {
				for (const id of part) found.set(id, error as Error);
			}
		}
	}
	const results: Array<IDataObject[] | Error> = [];
	for (const [itemIndex, id] of ids.entries()) {
		if (id instanceof Error) {
			results.push(id);
			continue;
		}
		if (!found.has(id)) found.set(id, await getOne(this, id, itemIndex));
		const alert = found.get(id)!;
		results.push(alert instanceof Error ? alert : [alert]);
	}
	return settleItems(this, results);
}
