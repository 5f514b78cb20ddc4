import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { THREAT_DETECTION_SORTS } from '../../descriptions/common';
import { readSequencedList, sequencedListProperties } from '../../helpers/sequencedList';

const displayOptions = { show: { resource: ['threatDetection'], operation: ['getAll'] } };

export const description = updateDisplayOptions(
	displayOptions,
	sequencedListProperties('Threat detections', THREAT_DETECTION_SORTS),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await readSequencedList(this, itemIndex, 'threat-detection', ['threat-detections']);
}
