import type { IDataObject } from 'n8n-workflow';

import { SeenSet } from './seen';
import type { LoadedState, StreamState } from './state';
import { emptyState } from './streams';

export interface RecoveryContext {
	/** The node's display name, e.g. "Carbon Black Cloud Trigger". */
	trigger: string;
	now: number;
	overlapMs: number;
	fingerprint: string;
	tenant: string;
	/** The node's Start Date (ms), when set. */
	startAt?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function why(loaded: LoadedState): string {
	const problem = loaded.problem!;
	if (problem.kind === 'unusable') return `its saved state was unusable (${problem.detail})`;
	if (problem.kind === 'settings-changed') {
		return problem.tenantChanged
			? 'its credentials point at another tenant or state from an older version was found'
			: 'its settings changed';
	}
	return 'it has no saved state';
}

/**
 * Rebuilds the state of a time stream that could not be used as saved, losing nothing: it
 * resumes from the saved watermark when that is valid, else from when the state was last saved,
 * else from the Start Date; only without any of them can objects before the late-arrival window
 * be missed, and the notice says so. A seen-set that did not survive may repeat a few objects.
 */
export function recoverTimeStream(loaded: LoadedState, rc: RecoveryContext): StreamState {
	const { salvage } = loaded;
	let from: string;
	let watermark: number;
	if (salvage.watermark !== undefined) {
		watermark = salvage.watermark;
		from = `the saved position (${iso(watermark)})`;
	} else if (salvage.savedAt !== undefined) {
		watermark = salvage.savedAt;
		from = `when the state was last saved (${iso(watermark)})`;
	} else if (rc.startAt !== undefined) {
		watermark = rc.startAt;
		from = `the Start Date (${iso(watermark)})`;
	} else {
		watermark = rc.now - rc.overlapMs;
		from = `${iso(watermark)}, the start of the late-arrival window; objects from before then that were not emitted yet are missed`;
	}
	const floor =
		salvage.floor !== undefined && salvage.floor !== null && salvage.floor <= watermark
			? salvage.floor
			: null;
	const seen = salvage.seen ?? new SeenSet();
	const repeat = salvage.seen
		? ''
		: ' Objects of the late-arrival window may be emitted a second time.';
	return emptyState('time', rc.fingerprint, rc.tenant, {
		watermark,
		floor,
		seen,
		notice: `${rc.trigger}: ${why(loaded)}; it continues from ${from}.${repeat}`,
	});
}

/**
 * Rebuilds the state of a sequence stream: a valid saved cursor on the same tenant is kept
 * (nothing lost); otherwise the stream starts a new baseline (`rebaseline`), and the notice says
 * that objects changed since the last good poll are not emitted.
 */
export function recoverSequenceStream(
	loaded: LoadedState,
	rc: RecoveryContext,
): { state: StreamState; rebaseline: boolean } {
	const { salvage, problem } = loaded;
	const sameTenant = !(problem?.kind === 'settings-changed' && problem.tenantChanged);
	if (sameTenant && salvage.cursor !== undefined && salvage.cursor !== null) {
		return {
			rebaseline: false,
			state: emptyState('sequence', rc.fingerprint, rc.tenant, {
				cursor: salvage.cursor,
				seen: salvage.seen ?? new SeenSet(),
				notice: `${rc.trigger}: ${why(loaded)}; it continues from the saved cursor ${salvage.cursor}.`,
			}),
		};
	}
	return {
		rebaseline: true,
		state: emptyState('sequence', rc.fingerprint, rc.tenant, {
			notice: `${rc.trigger}: ${why(loaded)} and no usable position was saved; it starts again from the current end of the stream (${iso(rc.now)}). Objects changed since its last good poll are not emitted: use Start From Beginning, or a Get Many, to read them.`,
		}),
	};
}

/** Puts a pending recovery notice on the first emitted item (`_notice`) and clears it. */
export function attachNotice(emit: IDataObject[], state: StreamState): StreamState {
	if (!state.notice || !emit.length) return state;
	emit[0] = { ...emit[0], _notice: state.notice };
	return { ...state, notice: undefined };
}
