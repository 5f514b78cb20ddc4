import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { noteTextField, parentNoteOption } from '../../descriptions/notes';
import { threatIdFields } from '../../descriptions/threat';
import { createNote } from '../../helpers/notes';
import { readThreatId } from '../../helpers/utils';

const properties: INodeProperties[] = [...threatIdFields, noteTextField, parentNoteOption];

const displayOptions = { show: { resource: ['threatNote'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const threatId = readThreatId(this, itemIndex);
	const note = await createNote(this, ['threats', threatId], itemIndex);
	return pairedItems([{ threat_id: threatId, ...note }], itemIndex);
}
