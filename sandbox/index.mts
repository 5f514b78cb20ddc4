// In-process entry point for tests and benchmarks.
import { Sandbox, type SandboxOptions } from './server.mts';
import type { SandboxContext, VendorModule } from './types.mts';

export type { SandboxOptions } from './server.mts';
export * from './types.mts';

export interface RunningSandbox {
	url: string;
	port: number;
	ctx: SandboxContext;
	modules: VendorModule[];
	/** Same as POST /_sandbox/reset. */
	reset(options?: Record<string, unknown>): void;
	close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
	const sandbox = new Sandbox(options);
	await sandbox.init();
	const url = await sandbox.listen(options.port ?? 0);
	return {
		url,
		port: sandbox.port,
		ctx: sandbox.ctx,
		modules: sandbox.modules,
		reset: (o) => sandbox.reset(o ?? {}),
		close: () => sandbox.close(),
	};
}
