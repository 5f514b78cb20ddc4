import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import { route } from '../../shared/router';
import { CTA_OUTPUTS } from '../helpers/output';
import * as alert from './alert';
import * as event from './event';
import * as flow from './flow';
import * as securityAnnotation from './securityAnnotation';
import * as threatDetection from './threatDetection';

const operations: OperationMap = {
	alert: {
		deleteNote: alert.deleteNote,
		get: alert.get,
		getAll: alert.getAll,
		getAllByIds: alert.getAllByIds,
		setNote: alert.setNote,
		updateStatus: alert.updateStatus,
	},
	event: {
		getAll: event.getAll,
		getAllWithThreatDetectionIds: event.getAllWithThreatDetectionIds,
		search: event.search,
	},
	flow: { search: flow.search },
	securityAnnotation: { exportAnnotations: securityAnnotation.exportAnnotations },
	threatDetection: {
		getAll: threatDetection.getAll,
		searchWithAlertIds: threatDetection.searchWithAlertIds,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, operations, CTA_OUTPUTS);
}
