import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { deepCopy, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { chunk, fanOut, groupBy } from '../../../shared/batch';
import { errorItem, withItemIndex } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { ALERT_GONE_HINT, alertGoneMessage, readAlertId } from '../../helpers/utils';
import { ctaApiRequestObject } from '../../transport';
import { ALERTS_BY_ID, ctaFindChunk, MAX_IDS_PER_SEARCH } from '../../transport/paginate';

const properties: INodeProperties[] = [alertIdLocator];

const displayOptions = { show: { resource: ['alert'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * One alert per input item. A single ID is read with GET …/alerts/{id}; several IDs are read
 * with bulk searches of up to 1,000 IDs, and duplicate IDs share one result.
 */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const inputs = this.getInputData();
	const out: Array<{ index: number; item: INodeExecutionData }> = [];
	const fail = (error: unknown, index: number) => {
		const withIndex = withItemIndex(this, error, index);
		if (!this.continueOnFail()) throw withIndex;
		out.push({ index, item: errorItem(withIndex, index) });
	};

	const entries: Array<{ index: number; value: string }> = [];
	for (let index = 0; index < inputs.length; index++) {
		try {
			entries.push({ index, value: readAlertId(this, index) });
		} catch (error) {
			fail(error, index);
		}
	}
	const groups = groupBy(entries, (id) => id);

	const found = new Map<string, IDataObject>();
	const failed = new Map<string, unknown>();
	if (groups.length === 1) {
		const [{ value: id, indexes }] = groups;
		try {
			found.set(
				id,
				await ctaApiRequestObject(this, {
					method: 'GET',
					service: 'alert-management',
					path: ['alerts', id],
					itemIndex: indexes[0],
					notFoundMessage: alertGoneMessage(id),
				}),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw withItemIndex(this, error, indexes[0]);
			failed.set(id, error);
		}
	} else {
		for (const part of chunk(groups, MAX_IDS_PER_SEARCH)) {
			const ids = part.map((group) => group.value);
			try {
				for (const [id, alert] of await ctaFindChunk(this, ALERTS_BY_ID, ids)) found.set(id, alert);
			} catch (error) {
				if (!this.continueOnFail()) throw withItemIndex(this, error, part[0].indexes[0]);
				for (const id of ids) failed.set(id, error);
			}
		}
	}

	for (const { index, value: id, outcome } of fanOut(
		groups,
		(id) => found.get(id) ?? failed.get(id),
	)) {
		if (outcome === undefined) {
			fail(
				new NodeOperationError(this.getNode(), alertGoneMessage(id), {
					itemIndex: index,
					description: ALERT_GONE_HINT,
				}),
				index,
			);
		} else if (found.has(id)) {
			out.push({
				index,
				item: { json: deepCopy(outcome as IDataObject), pairedItem: { item: index } },
			});
		} else {
			fail(outcome, index);
		}
	}
	return out.sort((a, b) => a.index - b.index).map((entry) => entry.item);
}
