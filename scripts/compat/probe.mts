// Loads the engine harness (which loads our built dist/ nodes through n8n-core's
// PackageDirectoryLoader) and reports which n8n-core / n8n-workflow / luxon versions were loaded
// (CommonJS, i.e. what n8n-core and dist/ require) and resolved (ESM, what the tests import).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

await import('../../test/harness/engine.mts');
const require = createRequire(import.meta.url);
const loaded: Record<string, Set<string>> = {};
const note = (name: string, pkgDir: string) => {
	const { version } = JSON.parse(readFileSync(`${pkgDir}/package.json`, 'utf8'));
	(loaded[name] ??= new Set()).add(version);
	console.log(`  ${name}@${version}  ${pkgDir}`);
};
console.log('require()d by n8n-core and dist/:');
const seen = new Set<string>();
for (const file of Object.keys(require.cache)) {
	const m = /^(.*\/node_modules\/(n8n-core|n8n-workflow|luxon))\//.exec(file);
	if (m && !seen.has(m[1])) {
		seen.add(m[1]);
		note(m[2], m[1]);
	}
}
console.log('import()ed by the tests:');
for (const name of ['n8n-core', 'n8n-workflow', 'luxon']) {
	const file = fileURLToPath(import.meta.resolve(name));
	note(name, file.slice(0, file.indexOf(`/node_modules/${name}/`) + `/node_modules/${name}`.length));
}
console.log(`LOADED ${JSON.stringify(Object.fromEntries(Object.entries(loaded).map(([k, v]) => [k, [...v]])))}`);
