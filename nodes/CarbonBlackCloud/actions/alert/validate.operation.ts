import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { vendorErrorBody } from '../../../shared/http';
import { pairedItems } from '../../../shared/router';
import { alertFilterFields } from '../../descriptions/common';
import { buildAlertSearchBody } from '../../helpers/searchBody';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [...alertFilterFields];

const displayOptions = { show: { resource: ['alert'], operation: ['validate'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** A rejected search is this operation's answer, not its failure: it returns valid: false. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = buildAlertSearchBody(this, itemIndex);
	try {
		const response = await cbcApiRequestObject(this, {
			method: 'POST',
			path: ['alerts', '_validate'],
			body,
			itemIndex,
			idempotent: true,
		});
		return pairedItems([{ valid: true, ...response }], itemIndex);
	} catch (error) {
		const rejection = vendorErrorBody(error, 400);
		if (!rejection) throw new NodeApiError(this.getNode(), error as JsonObject);
		return pairedItems([{ valid: false, ...rejection }], itemIndex);
	}
}
