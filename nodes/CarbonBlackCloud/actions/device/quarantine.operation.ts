import { deviceActionDescription, deviceActionExecutor } from './deviceAction';

export const description = deviceActionDescription('quarantine');

export const executeBatch = deviceActionExecutor('quarantine');
