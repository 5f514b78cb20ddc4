import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { EVENT_SORTS } from '../../descriptions/common';
import { readSequencedList, sequencedListProperties } from '../../helpers/sequencedList';

const displayOptions = { show: { resource: ['event'], operation: ['getAll'] } };

export const description = updateDisplayOptions(
	displayOptions,
	sequencedListProperties('Events', EVENT_SORTS),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await readSequencedList(this, itemIndex, 'event-detection', ['events']);
}
