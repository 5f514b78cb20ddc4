import { deviceActionDescription, deviceActionExecutor } from './deviceAction';

export const description = deviceActionDescription('releaseQuarantine');

export const executeBatch = deviceActionExecutor('releaseQuarantine');
