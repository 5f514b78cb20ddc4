// Regenerates package-lock.json for the pinned n8n runtime (run with any Node >= 20):
//   cd scripts/n8n-runtime && node update-lock.mjs
// The registry snapshot this project is built against lacks some platform-specific optional
// packages (e.g. @msgpackr-extract/msgpackr-extract-darwin-arm64@3.0.7). `npm install
// --package-lock-only` then leaves them out of the lock and `npm ci` refuses the lock as out of
// sync. For each such package whose name encodes a foreign platform we add a lock entry with its
// `os`/`cpu` so `npm ci` skips it on linux-x64 without fetching it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
	stdio: 'inherit',
});

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const platform = /-(darwin|linux|win32|freebsd|android|openbsd|sunos|aix)-(x64|arm64|arm|ia32|ppc64|s390x|riscv64|loong64)(?:-(gnu|musl|msvc))?$/;

function resolves(fromKey, name) {
	let base = fromKey;
	for (;;) {
		if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
		if (!base) return false;
		const i = base.lastIndexOf('/node_modules/');
		base = i < 0 ? '' : base.slice(0, i);
	}
}

const added = {};
for (const [key, pkg] of Object.entries(packages)) {
	for (const [name, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
		if (resolves(key, name)) continue;
		const m = platform.exec(name);
		if (!m || !/^\d+\.\d+\.\d+/.test(spec)) {
			console.warn(`unresolved optional dependency ${name}@${spec} (from ${key || 'root'})`);
			continue;
		}
		const target = `${key ? `${key}/` : ''}node_modules/${name}`;
		added[target] = {
			version: spec,
			cpu: [m[2]],
			license: 'MIT',
			optional: true,
			os: [m[1]],
			...(m[3] && m[1] === 'linux' ? { libc: [m[3] === 'musl' ? 'musl' : 'glibc'] } : {}),
		};
	}
}
lock.packages = { ...packages, ...added };
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${Object.keys(added).length} foreign-platform placeholder entries:`, Object.keys(added));
