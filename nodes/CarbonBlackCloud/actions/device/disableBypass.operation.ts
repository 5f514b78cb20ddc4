import { deviceActionDescription, deviceActionExecutor } from './deviceAction';

export const description = deviceActionDescription('disableBypass');

export const executeBatch = deviceActionExecutor('disableBypass');
