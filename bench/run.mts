// `npm run bench`: our nodes (through n8n-core's real engine) against the floor (a minimal raw
// client) and the naive n8n flow (n8n's HTTP Request node), on the simulator with injected
// latency. Prints a table and writes bench/results.json.
//
//   npm run bench                       all scenarios (about 4–5 minutes on 2 cores)
//   npm run bench -- --only P1,P5       some scenarios
//   npm run bench -- --runs 3           timed runs per contender (default 5)
//   npm run bench -- --update-readme    also replace the table in README.md (Performance)
//   npm run bench -- --no-build         use dist/ as it is
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { repoRoot } from '../test/harness/engine.mts';
import { loadNodesBase, n8nNodesBaseAvailable } from './lib/engine.mts';
import type { BenchConfig, ScenarioResult } from './scenarios.mts';
import { p1, p2, p3, p4, p5, p6 } from './scenarios.mts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : undefined;
};

const started = Date.now();
const log = (line: string) => process.stdout.write(`${line}\n`);

if (!flag('no-build')) {
	log('building dist/ …');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}
if (!n8nNodesBaseAvailable()) {
	log('n8n-nodes-base (for the naive flows) is missing: run scripts/ensure-n8n.sh once (it caches n8n 2.41.1).');
	process.exit(1);
}
const nodesBaseVersion = loadNodesBase();

const config: BenchConfig = {
	latencyMs: Number(option('latency') ?? 30),
	runs: Number(option('runs') ?? 5),
	seed: 7,
	log,
};
const only = option('only')?.toUpperCase().split(',');
const SCENARIOS: Array<[string, () => Promise<ScenarioResult | ScenarioResult[]>]> = [
	['P1', () => p1(config)],
	['P2', () => p2(config)],
	['P3', () => p3(config)],
	['P4', () => p4(config)],
	['P5', () => p5(config)],
	['P6', () => p6(config)],
];

const results: ScenarioResult[] = [];
for (const [id, run] of SCENARIOS) {
	if (only && !only.includes(id)) continue;
	const t = Date.now();
	log(`${id} …`);
	const out = await run();
	results.push(...(Array.isArray(out) ? out : [out]));
	log(`${id} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

// ---- report ---------------------------------------------------------------------------------

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${fmtInt(n)} ms`);
const fmtRatio = (n: number) => (n >= 100 ? `${fmtInt(n)}×` : `${n.toFixed(2)}×`);

function requestsCell(r: ScenarioResult, name: string): string {
	const c = r.contenders[name];
	if (!c) return '—';
	const token = c.tokens ? ` + ${c.tokens} token` : '';
	const mark = c.scaledNote ? ' ⁽ˢ⁾' : c.deterministic ? '' : ' (varied)';
	return `${fmtInt(c.requests)}${token}${mark}`;
}

function timeCell(r: ScenarioResult, name: string): string {
	const c = r.contenders[name];
	if (!c) return '—';
	return `${fmtMs(c.medianMs)}${c.scaledNote ? ' ⁽ˢ⁾' : ''}`;
}

function targetCell(r: ScenarioResult): string {
	return r.targets
		.map((t) => {
			const value = t.name.includes('÷') ? fmtRatio(t.value) : fmtInt(t.value);
			const limit = t.name.includes('÷') ? `${t.limit}×` : String(t.limit);
			return `${t.met ? '✅' : '❌'} ${t.name} ${value} (${t.op} ${limit})`;
		})
		.join('<br>');
}

/** "requests ×a, time ×b" of one contender against another. */
function ratioCell(r: ScenarioResult, over: string, under: string): string {
	const a = r.contenders[over];
	const b = r.contenders[under];
	if (!a || !b) return '—';
	const req = (a.requests + a.tokens) / (b.requests + b.tokens);
	return `${fmtRatio(req)} / ${fmtRatio(a.medianMs / b.medianMs)}`;
}

function table(): string {
	const lines = [
		'| Scenario | Node: requests | Floor: requests | Naive: requests | Node: median | Floor: median | Naive: median | Node ÷ floor (requests / time) | Naive ÷ node (requests / time) | Targets |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
	];
	for (const r of results) {
		if (r.id === 'P4') {
			const n = r.extra!.node;
			const f = r.extra!.floor;
			const mb = (b: number) => `${fmtInt(b / 1048576)} MB`;
			lines.push(
				`| **P4** ${r.title} | peak RSS +${mb(n.peakRssDelta)} | peak RSS +${mb(f.peakRssDelta)} | — | ${fmtMs(n.ms)} | ${fmtMs(f.ms)} | — | ${fmtRatio(n.peakRssDelta / f.peakRssDelta)} (memory) | — | ${targetCell(r)} |`,
			);
			continue;
		}
		lines.push(
			`| **${r.id}** ${r.title} | ${requestsCell(r, 'node')} | ${requestsCell(r, 'floor')} | ${requestsCell(r, 'naive')} | ${timeCell(r, 'node')} | ${timeCell(r, 'floor')} | ${timeCell(r, 'naive')} | ${ratioCell(r, 'node', 'floor')} | ${ratioCell(r, 'naive', 'node')} | ${targetCell(r)} |`,
		);
	}
	return lines.join('\n');
}

function versionOf(pkg: string, from = repoRoot): string {
	try {
		return JSON.parse(readFileSync(path.join(from, 'node_modules', pkg, 'package.json'), 'utf8')).version;
	} catch {
		return 'n/a';
	}
}

function git(...command: string[]): string {
	try {
		return execFileSync('git', command, { cwd: repoRoot, encoding: 'utf8' }).trim();
	} catch {
		return 'n/a';
	}
}

const elapsedS = (Date.now() - started) / 1000;
const machine = {
	date: new Date().toISOString(),
	os: `${os.type()} ${os.release()} ${os.arch()}`,
	cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
	memoryGB: Math.round(os.totalmem() / 1024 ** 3),
	node: process.version,
};
const versions = {
	package: JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version,
	commit: git('rev-parse', '--short', 'HEAD'),
	dirty: git('status', '--porcelain', '--', 'nodes', 'credentials', 'sandbox', 'bench') !== '',
	'n8n-core': versionOf('n8n-core'),
	'n8n-workflow': versionOf('n8n-workflow'),
	'n8n-nodes-base (HTTP Request v4.2, Split Out)': nodesBaseVersion,
};
const summary = table();
const legend = [
	`Latency ${config.latencyMs} ms on every simulator route (fault rule \`delay\`); medians of ${config.runs} timed runs after one warm-up (naive flows: fewer runs where slow).`,
	'Requests are API requests; token requests are counted separately. ⁽ˢ⁾ = measured on a part and scaled (see notes).',
	`Machine: ${machine.cpus}, ${machine.memoryGB} GB, Node ${machine.node}; n8n-core ${versions['n8n-core']}, n8n-nodes-base ${nodesBaseVersion}; commit ${versions.commit}${versions.dirty ? ' (modified)' : ''}; \`npm run bench\` took ${Math.floor(elapsedS / 60)} min ${Math.round(elapsedS % 60)} s.`,
];
const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.id}: ${n}`));
/** One line per scenario for the README: whether the targets are met, and what was measured. */
const perScenario = results.map((r) => {
	const missed = r.targets.filter((t) => !t.met);
	const verdict = missed.length
		? `**missed** ${missed.map((t) => `${t.name} ${t.value.toFixed(2)} (${t.op} ${t.limit})`).join(', ')}`
		: 'met';
	return `- **${r.id}** — ${verdict}: ${r.summary}.`;
});

log('');
log(summary);
log('');
for (const line of legend) log(line);
log('');
for (const line of notes) log(line);

const file = path.join(repoRoot, 'bench', 'results.json');
writeFileSync(
	file,
	`${JSON.stringify({ machine, versions, config: { latencyMs: config.latencyMs, runs: config.runs, seed: config.seed }, elapsedSeconds: Math.round(elapsedS), table: summary, results }, null, '\t')}\n`,
);
log(`\nwrote ${path.relative(process.cwd(), file)} (${Math.round(elapsedS)} s)`);

if (flag('update-readme')) {
	const readmePath = path.join(repoRoot, 'README.md');
	const readme = readFileSync(readmePath, 'utf8');
	const begin = '<!-- bench:begin -->';
	const end = '<!-- bench:end -->';
	const at = readme.indexOf(begin);
	const to = readme.indexOf(end);
	if (at < 0 || to < at) {
		log('README.md has no <!-- bench:begin --> … <!-- bench:end --> block; not updated.');
	} else {
		const block = [begin, '', summary, '', ...legend.map((l) => `${l}`), '', ...perScenario, '', end].join('\n');
		writeFileSync(readmePath, readme.slice(0, at) + block + readme.slice(to + end.length));
		log('updated the table in README.md');
	}
}
const missed = results.flatMap((r) => r.targets.filter((t) => !t.met).map((t) => `${r.id} ${t.name}`));
if (missed.length) log(`targets missed: ${missed.join(', ')}`);
