import { deviceActionDescription, deviceActionExecutor } from './deviceAction';

export const description = deviceActionDescription('enableBypass');

export const executeBatch = deviceActionExecutor('enableBypass');
