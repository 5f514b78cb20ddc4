import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import { route } from '../../shared/router';
import * as alert from './alert';

const operations: OperationMap = {
	alert: { get: alert.get, search: alert.search },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, operations);
}
