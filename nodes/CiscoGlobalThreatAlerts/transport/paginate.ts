import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import type { CtaRequest } from './index';
import { ctaApiRequestObject } from './index';

export const MAX_PAGE_SIZE = 1_000;

export interface CollectionResult {
	items: IDataObject[];
	/** Cursor of the last item read; pass it as `after` to continue later. */
	endCursor: string | null;
}

/**
 * Reads a cursor-paginated collection. POST searches answer `next: null` even when more
 * exists, so every next request is built from `endCursor` rather than from `next`.
 */
export async function ctaCollect(
	ctx: RequestContext,
	request: CtaRequest,
	options: { max?: number; pageSize?: number; after?: string } = {},
): Promise<CollectionResult> {
	const max = options.max ?? Number.POSITIVE_INFINITY;
	const pageSize = Math.max(1, Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE));
	const items: IDataObject[] = [];
	let after = options.after;
	let endCursor: string | null = after ?? null;
	while (items.length < max) {
		const size = Math.min(pageSize, max - items.length);
		const qs: IDataObject = { ...(request.qs ?? {}), size };
		if (after) qs.after = after;
		const page = await ctaApiRequestObject(ctx, { ...request, qs, idempotent: true });
		const pageItems = Array.isArray(page.items) ? (page.items as IDataObject[]) : [];
		items.push(...pageItems);
		const info = (page.pageInfo ?? {}) as IDataObject;
		const cursor =
			typeof info.endCursor === 'string' && info.endCursor !== '' ? info.endCursor : null;
		if (cursor) endCursor = cursor;
		if (!pageItems.length || !cursor || info.hasNextPage === false || cursor === after) break;
		after = cursor;
	}
	return { items: items.slice(0, Number.isFinite(max) ? max : undefined), endCursor };
}
