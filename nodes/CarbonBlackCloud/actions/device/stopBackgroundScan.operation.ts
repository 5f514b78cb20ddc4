import { deviceActionDescription, deviceActionExecutor } from './deviceAction';

export const description = deviceActionDescription('stopBackgroundScan');

export const executeBatch = deviceActionExecutor('stopBackgroundScan');
