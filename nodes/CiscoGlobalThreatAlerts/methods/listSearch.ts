import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ctaApiRequestObject } from '../transport';

/** Newest alerts first, 100 per page; the search text matches the title, risk or ID. */
export async function searchAlerts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { sort: 'triggeredAt:desc', size: 100 };
	if (paginationToken) qs.after = paginationToken;
	const page = await ctaApiRequestObject(this, {
		method: 'GET',
		service: 'alert-management',
		path: ['alerts'],
		qs,
	});
	const items = Array.isArray(page.items) ? (page.items as IDataObject[]) : [];
	const needle = (filter ?? '').trim().toLowerCase();
	const results = items
		.filter((alert) => typeof alert.id === 'string')
		.map((alert) => {
			const title = typeof alert.title === 'string' && alert.title ? alert.title : alert.id;
			return {
				name: `${String(alert.risk ?? '')} · ${String(title)} · ${String(alert.triggeredAt ?? '')}`,
				value: alert.id as string,
			};
		})
		.filter(
			(result) =>
				!needle ||
				result.name.toLowerCase().includes(needle) ||
				result.value.toLowerCase().includes(needle),
		);
	const info = (page.pageInfo ?? {}) as IDataObject;
	const next =
		info.hasNextPage === true && typeof info.endCursor === 'string' ? info.endCursor : undefined;
	return { results, paginationToken: next };
}
