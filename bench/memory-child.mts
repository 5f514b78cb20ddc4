// P4/P7 child process: reads every alert of the simulator through one contender and reports the
// peak memory it took. Run with --expose-gc; prints one JSON line on stdout.
//   node --expose-gc [--max-old-space-size=MB] --import tsx bench/memory-child.mts <node|floor> <sandboxUrl> <range>
import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';

const [contender, url, range] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

// Everything the contender needs is loaded before the baseline is taken.
const engine = contender === 'node' ? await import('./lib/engine.mts') : undefined;
const { cbcCredentials } = await import('../test/harness/engine.mts');
const { floorSearchAll } = await import('./lib/floor.mts');

async function settle() {
	for (let i = 0; i < 3; i++) {
		gc!();
		await sleep(20);
	}
}

await settle();
const base = process.memoryUsage();
let peakHeap = base.heapUsed;
let peakRss = base.rss;
let peakExternal = base.external + base.arrayBuffers;
const sampler = setInterval(() => {
	const m = process.memoryUsage();
	peakHeap = Math.max(peakHeap, m.heapUsed);
	peakRss = Math.max(peakRss, m.rss);
	peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
}, 2);

const started = Date.now();
let alerts: unknown[];
if (engine) {
	const helper = new engine.HarnessCredentialsHelper();
	const credentials = cbcCredentials(helper, url);
	const result = await engine.runFlow(helper, [
		{
			name: 'Search',
			type: 'carbonBlackCloud',
			parameters: { resource: 'alert', operation: 'search', returnAll: true, timeRange: 'relative', range },
			credentials,
		},
	]);
	if (result.error) throw result.error;
	alerts = result.outputs.Search.map((item) => item.json);
} else {
	alerts = (await floorSearchAll(url, { range })).alerts;
}
const ms = Date.now() - started;
clearInterval(sampler);
const end = process.memoryUsage();
peakHeap = Math.max(peakHeap, end.heapUsed);
peakRss = Math.max(peakRss, end.rss);
// The kernel's high-water mark catches peaks between samples (the event loop is busy while a
// page is parsed).
const maxRss = process.resourceUsage().maxRSS * 1024;
await settle();
const retained = process.memoryUsage().heapUsed - base.heapUsed;
// The bytes of JSON.stringify(alerts), counted alert by alert: past ~512 MB (P7: 500,000 alerts are
// about 1.4 GB) one string of the whole array exceeds V8's string length limit.
let jsonBytes = alerts.length ? 2 + alerts.length - 1 : 2;
for (const alert of alerts) jsonBytes += Buffer.byteLength(JSON.stringify(alert));
const uniqueIds = new Set(alerts.map((alert) => (alert as { id?: unknown }).id)).size;
process.stdout.write(
	`${JSON.stringify({
		contender,
		alerts: alerts.length,
		uniqueIds,
		jsonBytes,
		ms,
		heapLimit: getHeapStatistics().heap_size_limit,
		baseline: { rss: base.rss, heapUsed: base.heapUsed },
		peakRssDelta: Math.max(peakRss, maxRss) - base.rss,
		peakHeapDelta: peakHeap - base.heapUsed,
		peakExternalDelta: peakExternal - (base.external + base.arrayBuffers),
		retainedHeap: retained,
	})}\n`,
);
process.exit(0);
