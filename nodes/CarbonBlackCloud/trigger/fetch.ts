import { DateTime } from 'luxon';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { AlertSearchBody } from '../transport/paginate';
import { searchAlerts } from '../transport/paginate';
import type { PollWindow } from './window';

export type TriggerEvent = 'alertCreated' | 'alertUpdated';

export const EVENT_TIMESTAMP: Record<TriggerEvent, string> = {
	alertCreated: 'backend_timestamp',
	alertUpdated: 'backend_update_timestamp',
};

const iso = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).toISO() as string;

/** Every alert of the stream inside the window (all pages, past the 10,000 window). */
export async function fetchWindow(
	ctx: IPollFunctions,
	event: TriggerEvent,
	base: AlertSearchBody,
	window: PollWindow,
	createdWithinMs: number,
): Promise<IDataObject[]> {
	if (event === 'alertCreated') {
		return await searchAlerts(ctx, {
			...base,
			time_range: { start: iso(window.from), end: iso(window.to) },
		});
	}
	// time_range always filters backend_timestamp (default two weeks), so widen it explicitly.
	return await searchAlerts(ctx, {
		...base,
		time_range: { start: iso(window.to - createdWithinMs), end: iso(window.to) },
		criteria: {
			...(base.criteria ?? {}),
			backend_update_timestamp: { start: iso(window.from), end: iso(window.to) },
		},
	});
}

/** The newest matching alert, for "Fetch Test Event". */
export async function fetchLatest(
	ctx: IPollFunctions,
	event: TriggerEvent,
	base: AlertSearchBody,
): Promise<IDataObject[]> {
	return await searchAlerts(
		ctx,
		{
			...base,
			time_range: { range: '-1M' },
			sort: [{ field: EVENT_TIMESTAMP[event], order: 'DESC' }],
		},
		{ max: 1 },
	);
}
