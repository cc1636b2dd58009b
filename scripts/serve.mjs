// Serves the built app (build/index.js) in WEB_CONCURRENCY processes sharing one port (node:cluster), so one
// machine's cores all answer requests. Sessions, codes, rate limits and sync state live in the database, so any
// process can answer any request. The first process migrates (and loads demo data) before the others start, so
// migrations never race. WEB_CONCURRENCY unset or 1: a single process, as adapter-node runs it.
import cluster from 'node:cluster';
import { resolve } from 'node:path';

const processes = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? 1) || 1);

if (processes === 1 || !cluster.isPrimary) {
	await import(resolve('build', 'index.js'));
} else {
	let stopping = false;
	const fork = () => cluster.fork();
	const first = fork();
	first.once('listening', () => {
		for (let i = 1; i < processes; i++) fork();
	});
	cluster.on('exit', (worker, code) => {
		if (stopping) return;
		console.error(`server process ${worker.process.pid} exited (${code}); starting another`);
		fork();
	});
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			stopping = true;
			for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
			setTimeout(() => process.exit(0), 5000).unref();
			cluster.disconnect(() => process.exit(0));
		});
	}
}
