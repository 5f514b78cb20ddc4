// Regenerates package-lock.json for the pinned n8n runtime (run with any Node >= 20):
//   cd scripts/n8n-runtime && node update-lock.mjs
// or only patches an existing lockfile in another folder (e.g. the repository root):
//   node scripts/n8n-runtime/update-lock.mjs --patch-only <dir>
// The registry snapshot this project is built against lacks some platform-specific optional
// packages (e.g. @msgpackr-extract/msgpackr-extract-darwin-arm64@3.0.7). `npm install
// --package-lock-only` then leaves them out of the lock and `npm ci` refuses the lock as out of
// sync. For each such package whose name encodes a foreign platform we add a lock entry with its
// `os`/`cpu` so `npm ci` skips it on linux-x64 without fetching it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const patchOnly = process.argv.includes('--patch-only');
const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (dir) process.chdir(dir);
if (!patchOnly) {
	execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
		stdio: 'inherit',
	});
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const platform =
	/-(darwin|linux|win32|freebsd|android|openbsd|netbsd|sunos|aix|openharmony)-(x64|arm64|arm|ia32|ppc64|s390x|riscv64|loong64)(?:-(gnu|musl|msvc|gnueabihf|musleabihf|eabi|androideabi))?$/;

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
		// hoist to the top level as npm would, unless another version already lives there
		const hoisted = `node_modules/${name}`;
		const target = packages[hoisted] || added[hoisted] ? `${key ? `${key}/` : ''}node_modules/${name}` : hoisted;
		added[target] = {
			version: spec,
			cpu: [m[2]],
			license: 'MIT',
			optional: true,
			os: [m[1]],
			...(m[3] && m[1] === 'linux' ? { libc: [m[3].startsWith('musl') ? 'musl' : 'glibc'] } : {}),
		};
	}
}
lock.packages = { ...packages, ...added };
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${Object.keys(added).length} foreign-platform placeholder entries:`, Object.keys(added));
