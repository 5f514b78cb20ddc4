import { deviceActionDescription, deviceActionExecutor } from './deviceAction';

export const description = deviceActionDescription('startBackgroundScan');

export const executeBatch = deviceActionExecutor('startBackgroundScan');
