// `npm run bench`: our nodes (through n8n-core's real engine) against the floor (a minimal raw
// client) and the naive n8n flow (n8n's HTTP Request node), on the simulator with injected
// latency. Prints a table and writes bench/results.json.
//
//   npm run bench                       all scenarios (about 10 minutes on 2 cores; P7 alone 5–6)
//   npm run bench -- --only P1,P5       some scenarios; the others' results in bench/results.json
//                                       are kept (merged, each result says when it was measured)
//   npm run bench -- --runs 3           timed runs per contender (default 5)
//   npm run bench -- --update-readme    also replace the table in README.md (Performance)
//   npm run bench -- --no-build         use dist/ as it is
//   npm run bench -- --render-only      run nothing: print (and with --update-readme write) the
//                                       table of bench/results.json as it is
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BenchConfig, ScenarioResult } from './scenarios.mts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : undefined;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const log = (line: string) => process.stdout.write(`${line}\n`);

const renderOnly = flag('render-only');
if (!flag('no-build') && !renderOnly) {
	log('building dist/ …');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}
// Imported only now: the harness loads our nodes from dist/ when it is imported, so a static
// import would measure the dist/ of before the build.
const { loadNodesBase, n8nNodesBaseAvailable } = await import('./lib/engine.mts');
const { p1, p2, p3, p4, p5, p6, p7, p8, p9 } = await import('./scenarios.mts');
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
const only = renderOnly ? [] : option('only')?.toUpperCase().split(',');
const SCENARIOS: Array<[string, () => Promise<ScenarioResult | ScenarioResult[]>]> = [
	['P1', () => p1(config)],
	['P2', () => p2(config)],
	['P3', () => p3(config)],
	['P4', () => p4(config)],
	['P5', () => p5(config)],
	['P6', () => p6(config)],
	['P7', () => p7(config)],
	['P8', () => p8(config)],
	['P9', () => p9(config)],
];
const scenarioOf = (resultId: string) => resultId.split(' ')[0];

if (only) {
	const unknown = only.filter((id) => !SCENARIOS.some(([known]) => known === id));
	if (unknown.length) {
		log(`unknown scenario ${unknown.join(', ')}: choose from ${SCENARIOS.map(([id]) => id).join(', ')}`);
		process.exit(1);
	}
}

const fresh: ScenarioResult[] = [];
for (const [id, run] of SCENARIOS) {
	if (only && !only.includes(id)) continue;
	const t = Date.now();
	log(`${id} …`);
	const out = await run();
	const seconds = Math.round((Date.now() - t) / 1000);
	for (const r of Array.isArray(out) ? out : [out]) fresh.push({ ...r, measured: { seconds } as ScenarioResult['measured'] });
	log(`${id} done in ${seconds} s`);
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
		if (r.id === 'P7') {
			const n = r.contenders.node;
			const small = r.contenders['node 50k'];
			const f = r.contenders.floor;
			const child = r.extra!.node;
			const floorChild = r.extra!.floor;
			const mb = (b: number) => `${fmtInt(b / 1048576)} MB`;
			const perAlert = (c: typeof n) => `${fmtInt((c.medianMs * 1000) / c.items)} µs/alert`;
			lines.push(
				`| **P7** ${r.title} | ${fmtInt(n.requests)}; peak RSS +${mb(child.peakRssDelta)} | ${fmtInt(f.requests)}; peak RSS +${mb(floorChild.peakRssDelta)} | — | ${fmtMs(n.medianMs)} (${perAlert(n)}; the newest 50,000 on the same simulator: ${fmtMs(small.medianMs)}, ${perAlert(small)}) | — | — | ${fmtRatio(n.requests / f.requests)} / — (memory ${fmtRatio(child.peakRssDelta / floorChild.peakRssDelta)}) | — | ${targetCell(r)} |`,
			);
			continue;
		}
		if (r.id.startsWith('P8')) {
			const d = r.extra!;
			lines.push(
				`| **${r.id}** ${r.title} | ${fmtInt(d.requests)} in ${d.polls} polls | ${fmtInt(d.floorRequests)} | — | longest poll ${fmtMs(d.maxPollMs)} (median ${fmtMs(d.medianPollMs)}; budget ${fmtMs(d.budgetMs)}) | — | — | ${fmtRatio(d.requests / d.floorRequests)} / — | — | ${targetCell(r)} |`,
			);
			continue;
		}
		lines.push(
			`| **${r.id}** ${r.title} | ${requestsCell(r, 'node')} | ${requestsCell(r, 'floor')} | ${requestsCell(r, 'naive')} | ${timeCell(r, 'node')} | ${timeCell(r, 'floor')} | ${timeCell(r, 'naive')} | ${ratioCell(r, 'node', 'floor')} | ${ratioCell(r, 'naive', 'node')} | ${targetCell(r)} |`,
		);
	}
	return lines.join('\n');
}

const minSec = (seconds: number) => `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;

/** "P1–P6" for consecutive scenarios, else "P1, P3". */
function span(ids: string[]): string {
	const order = SCENARIOS.map(([id]) => id);
	const at = ids.map((id) => order.indexOf(id));
	const consecutive = ids.length > 2 && at.every((i, k) => k === 0 || i === at[k - 1] + 1);
	return consecutive ? `${ids[0]}–${ids[ids.length - 1]}` : ids.join(', ');
}

/** "P1–P6 measured on … (commit …, `npm run bench` took …); P7 on … (`--only P7`, …)". */
function separateRuns(): string {
	const groups = new Map<string, { ids: string[]; m: NonNullable<ScenarioResult['measured']> }>();
	for (const r of results) {
		const m = r.measured!;
		const key = `${m.date}`;
		const group = groups.get(key) ?? { ids: [], m };
		if (!group.ids.includes(scenarioOf(r.id))) group.ids.push(scenarioOf(r.id));
		groups.set(key, group);
	}
	const parts = [...groups.values()].map(({ ids, m }) => {
		const how = m.scenarios === 'all' ? `\`npm run bench\` took ${minSec(m.runSeconds)}` : `\`npm run bench -- --only ${m.scenarios}\` took ${minSec(m.runSeconds)}`;
		const differs = m.runs !== config.runs || m.latencyMs !== config.latencyMs ? `, --runs ${m.runs}, ${m.latencyMs} ms latency` : '';
		return `${span(ids)} on ${m.date.slice(0, 10)} (commit ${m.commit}${m.dirty ? ', modified' : ''}${differs}; ${how})`;
	});
	return `scenarios measured in separate runs: ${parts.join('; ')}.`;
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
// Each result records the run that measured it; with --only, the other scenarios' results of
// bench/results.json are kept.
const thisRun = {
	date: machine.date,
	commit: versions.commit,
	dirty: versions.dirty,
	runs: config.runs,
	latencyMs: config.latencyMs,
	scenarios: only ? only.join(',') : 'all',
	runSeconds: Math.round(elapsedS),
};
for (const r of fresh) r.measured = { ...thisRun, seconds: r.measured?.seconds };
const file = path.join(repoRoot, 'bench', 'results.json');
let previous: { results: ScenarioResult[] } | undefined;
if (only && existsSync(file)) {
	const prev = JSON.parse(readFileSync(file, 'utf8'));
	for (const r of prev.results as ScenarioResult[]) {
		r.measured ??= {
			date: prev.machine.date,
			commit: prev.versions.commit,
			dirty: prev.versions.dirty,
			runs: prev.config.runs,
			latencyMs: prev.config.latencyMs,
			scenarios: 'all',
			runSeconds: prev.elapsedSeconds,
		};
	}
	previous = prev;
}
const results: ScenarioResult[] = SCENARIOS.flatMap(([id]) =>
	only && !only.includes(id) ? (previous?.results ?? []).filter((r) => scenarioOf(r.id) === id) : fresh.filter((r) => scenarioOf(r.id) === id),
);
const kept = results.filter((r) => !fresh.includes(r));
if (kept.length) log(`kept from ${path.relative(process.cwd(), file)}: ${[...new Set(kept.map((r) => scenarioOf(r.id)))].join(', ')}`);

const summary = table();
const legend = [
	`Latency ${config.latencyMs} ms on every simulator route (fault rule \`delay\`); medians of ${config.runs} timed runs after one warm-up (naive flows: fewer runs where slow).`,
	'Requests are API requests; token requests are counted separately. ⁽ˢ⁾ = measured on a part and scaled (see notes).',
	`Machine: ${machine.cpus}, ${machine.memoryGB} GB, Node ${machine.node}; n8n-core ${versions['n8n-core']}, n8n-nodes-base ${nodesBaseVersion}; ${kept.length ? separateRuns() : `commit ${versions.commit}${versions.dirty ? ' (modified)' : ''}; \`npm run bench\` took ${minSec(elapsedS)}.`}`,
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

if (!renderOnly) {
	writeFileSync(
		file,
		`${JSON.stringify({ machine, versions, config: { latencyMs: config.latencyMs, runs: config.runs, seed: config.seed }, elapsedSeconds: Math.round(elapsedS), table: summary, results }, null, '\t')}\n`,
	);
	log(`\nwrote ${path.relative(process.cwd(), file)} (${Math.round(elapsedS)} s)`);
}

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
