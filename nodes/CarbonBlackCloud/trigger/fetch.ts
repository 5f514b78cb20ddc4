import { DateTime } from 'luxon';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { AlertSearchBody, AscendingRead, SliceField } from '../transport/paginate';
import { DEFAULT_PAGE_SIZE, readAscending, searchAlerts } from '../transport/paginate';
import type { PollWindow } from './window';

export type TriggerEvent = 'alertCreated' | 'alertUpdated';

export const EVENT_TIMESTAMP: Record<TriggerEvent, string> = {
	alertCreated: 'backend_timestamp',
	alertUpdated: 'backend_update_timestamp',
};

const iso = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).toISO() as string;

/**
 * The alerts of the stream inside the window, oldest first by the event's timestamp (all pages,
 * past the 10,000 window). With a deadline the read may stop early: `complete` is then false and
 * the alerts returned are the oldest ones. So may a cap (`max` alerts for which `counts` is true,
 * i.e. not emitted before).
 */
export async function fetchWindow(
	ctx: IPollFunctions,
	event: TriggerEvent,
	base: AlertSearchBody,
	window: PollWindow,
	createdWithinMs: number,
	limits: { deadline?: number; max?: number; counts?: (alert: IDataObject) => boolean } = {},
): Promise<AscendingRead> {
	const field = EVENT_TIMESTAMP[event] as SliceField;
	// time_range always filters backend_timestamp (default two weeks): for updates it is the
	// "created within" span, and the window itself is a backend_update_timestamp criterion.
	const body: AlertSearchBody =
		event === 'alertCreated'
			? { ...base }
			: { ...base, time_range: { start: iso(window.to - createdWithinMs), end: iso(window.to) } };
	return await readAscending(ctx, body, {
		field,
		from: DateTime.fromMillis(window.from, { zone: 'utc' }),
		to: DateTime.fromMillis(window.to, { zone: 'utc' }),
		pageSize: DEFAULT_PAGE_SIZE,
		...limits,
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
