// Sign-in and code-check latency (p50/p95) against a running server, over HTTP as a browser's form posts arrive.
// Sign-in is dominated by argon2id (19 MiB, t=2), on purpose; a code check is a hash compare and a few queries.
// Uses the demo Paramedic (100002) and, for codes, random email + EMS # pairs that match no one, so nothing is
// sent and no real account is touched (an unmatched ticket is checked exactly like a real one).

const LOGIN = { identifier: '100002', password: 'Demo-Paramedic-2026!' };
const BUDGET_MS = { loginP50: 150, loginP95: 300, codeP50: 25, codeP95: 50 };

/**
 * @param {string} baseURL the running app, e.g. http://localhost:4393
 * @returns {Promise<{metric: string, value: number, unit: 'ms', budget: {max: number}, ok: boolean}[]>}
 */
export async function authLatency(baseURL, { logins = 40, codeChecks = 80, warmup = 3 } = {}) {
	const origin = new URL(baseURL).origin;
	const form = (body, cookie) => ({
		method: 'POST',
		redirect: 'manual',
		headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin, ...(cookie ? { cookie } : {}) },
		body: new URLSearchParams(body)
	});

	async function login() {
		const started = performance.now();
		const response = await fetch(`${baseURL}/login`, form(LOGIN));
		const elapsed = performance.now() - started;
		await response.arrayBuffer();
		if (response.status !== 303) throw new Error(`sign-in answered ${response.status}, expected 303 (is the demo data loaded?)`);
		return elapsed;
	}

	async function ticket() {
		const emsNumber = String(90_000_000 + Math.floor(Math.random() * 9_999_999)).slice(0, 8);
		const response = await fetch(`${baseURL}/forgot-password`, form({ email: `bench-${emsNumber}@example.invalid`, emsNumber, channel: 'email' }));
		await response.arrayBuffer();
		const cookie = /reset_ticket=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
		if (response.status !== 303 || !cookie) throw new Error(`Forgot Password answered ${response.status} without a ticket`);
		return cookie;
	}

	async function checkCode(cookie) {
		const started = performance.now();
		const response = await fetch(`${baseURL}/forgot-password/code?/verify`, form({ code: '000000' }, cookie));
		const elapsed = performance.now() - started;
		await response.arrayBuffer();
		if (response.status !== 400) throw new Error(`code check answered ${response.status}, expected 400`);
		return elapsed;
	}

	for (let i = 0; i < warmup; i++) await login();
	const loginTimes = [];
	for (let i = 0; i < logins; i++) loginTimes.push(await login());

	const codeTimes = [];
	while (codeTimes.length < codeChecks) {
		const cookie = await ticket();
		// Four wrong tries per ticket: the fifth would void it, which is a different (shorter) path.
		for (let i = 0; i < 4 && codeTimes.length < codeChecks; i++) codeTimes.push(await checkCode(cookie));
	}

	const row = (metric, value, max) => ({ metric, value, unit: 'ms', budget: { max }, ok: value <= max });
	return [
		row('sign-in (password) p50', percentile(loginTimes, 50), BUDGET_MS.loginP50),
		row('sign-in (password) p95', percentile(loginTimes, 95), BUDGET_MS.loginP95),
		row('code check p50', percentile(codeTimes, 50), BUDGET_MS.codeP50),
		row('code check p95', percentile(codeTimes, 95), BUDGET_MS.codeP95)
	];
}

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export default authLatency;
