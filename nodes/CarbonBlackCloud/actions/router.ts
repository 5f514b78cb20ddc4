import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import { route } from '../../shared/router';
import { CBC_OUTPUTS } from '../helpers/output';
import * as alert from './alert';
import * as alertNote from './alertNote';
import * as device from './device';
import * as groupedAlert from './groupedAlert';
import * as job from './job';
import * as legacyAlert from './legacyAlert';
import * as threat from './threat';
import * as threatNote from './threatNote';
import * as threatTag from './threatTag';

const operations: OperationMap = {
	alert: {
		facet: alert.facet,
		get: alert.get,
		getHistory: alert.getHistory,
		getObservations: alert.getObservations,
		getSearchSuggestions: alert.getSearchSuggestions,
		histogram: alert.histogram,
		search: alert.search,
		updateWorkflow: alert.updateWorkflow,
		validate: alert.validate,
	},
	alertNote: {
		create: alertNote.create,
		deleteNote: alertNote.deleteNote,
		getAll: alertNote.getAll,
	},
	device: {
		disableBypass: device.disableBypass,
		enableBypass: device.enableBypass,
		get: device.get,
		quarantine: device.quarantine,
		releaseQuarantine: device.releaseQuarantine,
		search: device.search,
		startBackgroundScan: device.startBackgroundScan,
		stopBackgroundScan: device.stopBackgroundScan,
	},
	groupedAlert: {
		facet: groupedAlert.facet,
		histogram: groupedAlert.histogram,
		search: groupedAlert.search,
	},
	job: { get: job.get, getProgress: job.getProgress, waitForCompletion: job.waitForCompletion },
	legacyAlert: {
		bulkUpdateWorkflow: legacyAlert.bulkUpdateWorkflow,
		facet: legacyAlert.facet,
		get: legacyAlert.get,
		getSearchSuggestions: legacyAlert.getSearchSuggestions,
		getWorkflowStatus: legacyAlert.getWorkflowStatus,
		search: legacyAlert.search,
		updateWorkflow: legacyAlert.updateWorkflow,
	},
	threat: { getHistory: threat.getHistory },
	threatNote: {
		create: threatNote.create,
		deleteNote: threatNote.deleteNote,
		getAll: threatNote.getAll,
	},
	threatTag: { add: threatTag.add, getAll: threatTag.getAll, remove: threatTag.remove },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, operations, CBC_OUTPUTS);
}
