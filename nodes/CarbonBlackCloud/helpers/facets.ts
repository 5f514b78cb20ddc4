import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cbcApiRequestObject } from '../transport';
import { buildAlertSearchBody } from './searchBody';

/** Alerts one by one, or grouped by threat (`grouped_alerts`, `group_by: threat_id`). */
export type AlertView = 'alerts' | 'grouped_alerts';

/** The two aggregations of an alert search: request fields read from the item, reply → items. */
const AGGREGATIONS = {
	_facet: { read: readFacetTerms, items: flattenFacets },
	_histogram: { read: readHistogram, items: histogramItems },
};

/**
 * Facet (one item per field value) or histogram (one item per bucket) over the alert search of
 * this item, on alerts or on alerts grouped by threat.
 */
export async function requestAggregation(
	ctx: IExecuteFunctions,
	itemIndex: number,
	view: AlertView,
	aggregation: keyof typeof AGGREGATIONS,
): Promise<IDataObject[]> {
	const { read, items } = AGGREGATIONS[aggregation];
	const body: IDataObject = {
		...buildAlertSearchBody(ctx, itemIndex),
		...read(ctx, itemIndex),
		...(view === 'grouped_alerts' ? { group_by: { field: 'threat_id' } } : {}),
	};
	const response = await cbcApiRequestObject(ctx, {
		method: 'POST',
		path: [view, aggregation],
		body,
		itemIndex,
	});
	return items(response);
}

/** Facet Fields / Values per Field / Apply Filters → `terms` and `filter_values`. */
export function readFacetTerms(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = (ctx.getNodeParameter('facetFields', itemIndex, []) as string[]).filter(Boolean);
	if (!fields.length) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one facet field', { itemIndex });
	}
	const rows = Number(ctx.getNodeParameter('facetRows', itemIndex, 20));
	if (!Number.isInteger(rows) || rows < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			'"Values per Field" must be a whole number of at least 1',
			{ itemIndex },
		);
	}
	return {
		terms: { fields, rows },
		filter_values: ctx.getNodeParameter('filterValues', itemIndex, false) as boolean,
	};
}

/** One item per (field, value): { field, id, name, total }. */
export function flattenFacets(response: IDataObject): IDataObject[] {
	const out: IDataObject[] = [];
	for (const facet of (response.results as IDataObject[] | undefined) ?? []) {
		for (const value of (facet.values as IDataObject[] | undefined) ?? []) {
			out.push({ field: facet.field, ...value });
		}
	}
	return out;
}

/** Time Field / Bucket Size / Bucket Unit / Minimum Count → histogram body fields. */
export function readHistogram(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const quantity = Number(ctx.getNodeParameter('bucketQuantity', itemIndex, 1));
	if (!Number.isInteger(quantity) || quantity < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			'"Bucket Size" must be a whole number of at least 1',
			{ itemIndex },
		);
	}
	const minCount = Number(ctx.getNodeParameter('minCount', itemIndex, 0));
	if (!Number.isInteger(minCount) || minCount < 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'"Minimum Count" must be a whole number of 0 or more',
			{ itemIndex },
		);
	}
	return {
		field: ctx.getNodeParameter('histogramField', itemIndex, 'BACKEND_TIMESTAMP') as string,
		bucket_size: `+${quantity}${ctx.getNodeParameter('bucketUnit', itemIndex, 'DAY') as string}`,
		min_count: minCount,
	};
}

/** One item per bucket, with the histogram's overall start and end. */
export function histogramItems(response: IDataObject): IDataObject[] {
	return ((response.results as IDataObject[] | undefined) ?? []).map((bucket) => ({
		...bucket,
		histogram_start: response.start,
		histogram_end: response.end,
	}));
}
