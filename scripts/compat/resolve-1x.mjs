// Preload (`node --import ./scripts/compat/resolve-1x.mjs ...`) that makes `n8n-core`,
// `n8n-workflow` and `luxon` (the libraries n8n itself provides to community nodes) resolve
// from the n8n 1.x install in $N8N_COMPAT_DIR instead of the repository's node_modules.
//
// Two resolvers need redirecting:
// - ESM `import` (test files, test/harness/engine.mts): a module.register() resolve hook;
// - CommonJS `require` (our built dist/ nodes, n8n-core itself): Module._resolveFilename.
// Both resolve the specifier as if it were imported from $N8N_COMPAT_DIR/package.json, so the
// usual `exports` conditions still apply (n8n-workflow ships separate esm and cjs builds).
// A redirected specifier that does not land inside $N8N_COMPAT_DIR is an error, so a leak of
// the 2.x libraries cannot pass unnoticed.
import Module, { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compatDir = process.env.N8N_COMPAT_DIR;
if (!compatDir) throw new Error('resolve-1x.mjs: N8N_COMPAT_DIR is not set (npm run test:compat sets it)');
const modulesDir = path.join(path.resolve(compatDir), 'node_modules') + path.sep;
const parentURL = pathToFileURL(path.join(path.resolve(compatDir), 'package.json')).href;

register('./resolve-1x-hooks.mjs', import.meta.url, { data: { parentURL, modulesDir } });

export const REDIRECTED = /^(n8n-core|n8n-workflow|luxon)(\/|$)/;
// A stand-in parent module living in $N8N_COMPAT_DIR; resolving with it as parent gives the
// lookup `require()` would do from there (calling the original resolver avoids recursing into
// wrappers that other loaders such as tsx install on top of ours).
const compatParent = new Module(fileURLToPath(parentURL));
compatParent.filename = fileURLToPath(parentURL);
compatParent.paths = Module._nodeModulePaths(path.resolve(compatDir));
const originalResolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
	if (typeof request === 'string' && REDIRECTED.test(request)) {
		const resolved = originalResolveFilename.call(Module, request, compatParent, false, options);
		if (!resolved.startsWith(modulesDir)) {
			throw new Error(`resolve-1x: require('${request}') resolved outside ${modulesDir}: ${resolved}`);
		}
		return resolved;
	}
	return originalResolveFilename.call(this, request, parent, isMain, options);
};
