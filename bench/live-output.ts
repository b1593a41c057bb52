// Live output (run by bench/run.ts, one child per database; `npm run bench:live-output`): 20 command agents stream at
// once, each printing a line every 100 ms stamped with the time it was printed, and a browser's socket (joined to
// every agent's room) times each line from its stamp to the execution_output event that carries it. Every line must
// arrive, in order per run. Target: p95 ≤ 100 ms.
import { atMostMs, check, type Figure, info, ms, pct } from "./lib/figures";
import { connectBrowser, createAdmin, startWeb, startWorkers, stopAndReport } from "./lib/harness";
import { createAgents, type ScenarioContext, scaled } from "./lib/scenario";

const AGENTS = 20;
const LINE_EVERY_S = 0.1;

export async function liveOutput(ctx: ScenarioContext): Promise<Figure[]> {
  const lines = scaled(ctx, 100, 20);
  const web = await startWeb();
  try {
    const admin = await createAdmin();
    // GNU date's %3N: the milliseconds of the moment the line is printed.
    const command = `for i in $(seq 1 ${lines}); do echo "line $i at $(date +%s%3N)"; sleep ${LINE_EVERY_S}; done`;
    const agents = await createAgents(web, admin, "stream", AGENTS, { command, concurrencyLimit: 1 });
    const workers = await startWorkers(ctx.workers, web, { CADRE_RUNNER_MAX_RUNS: String(AGENTS) });
    try {
      const browser = await connectBrowser(
        web,
        admin,
        workers.list[workers.list.length - 1].url,
        agents.map((a) => a.name),
      );
      try {
        ctx.progress(`${AGENTS} agents printing ${lines} lines each`);
        const ids: string[] = [];
        for (const agent of agents) {
          const res = await web.request("POST", `/api/agents/${agent.name}/task`, {
            token: admin.token,
            body: { message: "stream", async: true },
          });
          if (res.status !== 202) throw new Error(`POST task: ${res.status} ${JSON.stringify(res.body)}`);
          ids.push(res.body.execution.id);
        }
        const deadline = 60_000 + lines * LINE_EVERY_S * 3_000;
        await Promise.all(
          ids.map((id) =>
            browser.next((e) => e.name === "execution_finished" && e.payload.executionId === id, deadline, 0),
          ),
        );

        const latencies: number[] = [];
        /** printed → read by the runner (the entry's time), and from there → the browser */
        const toRunner: number[] = [];
        const toBrowser: number[] = [];
        const heard = new Map<string, number[]>();
        for (const e of browser.received) {
          if (e.name !== "execution_output") continue;
          const seen = heard.get(e.payload.executionId) ?? [];
          heard.set(e.payload.executionId, seen);
          for (const entry of e.payload.entries as { kind: string; at: string; data: { text?: string } }[]) {
            const m = entry.kind === "stdout" ? /^line (\d+) at (\d+)$/.exec(entry.data.text ?? "") : null;
            if (!m) continue;
            seen.push(Number(m[1]));
            latencies.push(e.at - Number(m[2]));
            toRunner.push(Date.parse(entry.at) - Number(m[2]));
            toBrowser.push(e.at - Date.parse(entry.at));
          }
        }
        const whole = ids.filter((id) => {
          const seen = heard.get(id) ?? [];
          return seen.length === lines && seen.every((n, i) => n === i + 1);
        }).length;
        const detail = `p50 ${ms(pct(latencies, 50))}, max ${ms(pct(latencies, 100))}, n=${latencies.length}`;
        return [
          atMostMs(
            "14.live",
            `14. a run's output line printed → execution_output at the browser, ${AGENTS} agents streaming, p95`,
            pct(latencies, 95),
            100,
            detail,
          ),
          info(
            "14.parts",
            "    of which: printed → read by the runner; runner → browser (stored, event, socket), p95",
            `${ms(pct(toRunner, 95))}; ${ms(pct(toBrowser, 95))}`,
          ),
          check(
            "14.whole",
            "    runs whose every line reached the browser, in order",
            `${whole} of ${ids.length}`,
            "all",
            whole === ids.length,
          ),
        ];
      } finally {
        browser.close();
      }
    } finally {
      await stopAndReport(workers, ctx.progress);
    }
  } finally {
    await web.close();
  }
}
