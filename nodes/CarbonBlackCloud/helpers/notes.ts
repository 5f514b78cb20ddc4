import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { cbcApiRequest, cbcApiRequestObject } from '../transport';
import { NOTE_MAX_LENGTH } from './constants';
import { checkNote, requireText } from './utils';

/** POST a note (with optional parent) to `<owner path>/notes`; shared by alert and threat notes. */
export async function createNote(
	ctx: IExecuteFunctions,
	ownerPath: string[],
	itemIndex: number,
): Promise<IDataObject> {
	const body: IDataObject = {
		note: checkNote(
			ctx.getNode(),
			ctx.getNodeParameter('note', itemIndex, ''),
			itemIndex,
			NOTE_MAX_LENGTH,
		),
	};
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (typeof options.parentId === 'string' && options.parentId.trim())
		body.parent_id = options.parentId.trim();
	return await cbcApiRequestObject(ctx, {
		method: 'POST',
		path: [...ownerPath, 'notes'],
		body,
		itemIndex,
		idempotent: false,
	});
}

/** DELETE `<owner path>/notes/{Note ID}` and return the note ID. */
export async function deleteNote(
	ctx: IExecuteFunctions,
	ownerPath: string[],
	itemIndex: number,
): Promise<string> {
	const noteId = requireText(
		ctx.getNode(),
		ctx.getNodeParameter('noteId', itemIndex, ''),
		'Note ID',
		itemIndex,
	);
	await cbcApiRequest(ctx, {
		method: 'DELETE',
		path: [...ownerPath, 'notes', noteId],
		itemIndex,
		idempotent: false,
	});
	return noteId;
}
