// CLI: node --import tsx sandbox/main.mts --port 8787 --seed 42 [--cbc-alerts N] [--cta-alerts N] [--now ISO]
// Any other --kebab-case flag is passed to the vendor modules as a camelCase option.
import { startSandbox, type SandboxOptions } from './index.mts';

function parseArgs(argv: string[]): SandboxOptions {
	const opts: SandboxOptions = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
		let [name, value] = arg.slice(2).split('=', 2) as [string, string | undefined];
		if (value === undefined) {
			const next = argv[i + 1];
			if (next === undefined || next.startsWith('--')) value = 'true';
			else value = argv[++i];
		}
		const key = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
		opts[key] = key === 'now' ? value : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value;
	}
	return opts;
}

const opts = parseArgs(process.argv.slice(2));
opts.port ??= 8787;
const sandbox = await startSandbox(opts);
process.stdout.write(`${JSON.stringify({ ready: true, url: sandbox.url })}\n`);

let closing = false;
const shutdown = (): void => {
	if (closing) return;
	closing = true;
	sandbox.close().then(
		() => process.exit(0),
		() => process.exit(1),
	);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
