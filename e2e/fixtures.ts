// What every browser test imports instead of @playwright/test: the same `test` and `expect`, with the checks every
// page a test visits must pass. Every page of every browser context a test opens (the `page` fixture's and those made
// with browser.newContext()) is checked with axe against WCAG 2.1 A and AA: each address once it has loaded and
// settled, and each page again in its last state before its context closes. A serious or critical violation fails the
// test, listed with its rule, impact, elements and summary. Every check is written to test-results/axe-report.jsonl
// (one line a check) and test-results/axe/<test>.json; `node --import tsx e2e/axe-summary.ts` lists them by page.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, test as base, type Page, type TestInfo } from "@playwright/test";

export type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
export { expect } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/**
 * Markup Cadre renders but does not write: the API reference page's Scalar app (its sidebar and buttons come from the
 * package as they are). The page around it is checked like any other.
 */
const THIRD_PARTY = "[data-third-party]";
const IMPACTS = ["critical", "serious", "moderate", "minor"] as const;
const BLOCKING = new Set<string>(["critical", "serious"]);
/** How long the page must go without DOM changes or requests before it is checked, and the most to wait for that. */
const QUIET_MS = 300;
const SETTLE_LIMIT_MS = 5_000;
/** Locator actions that wait for the checks of the page they act on. */
const ACTIONS = [
  "click",
  "dblclick",
  "tap",
  "fill",
  "clear",
  "press",
  "pressSequentially",
  "type",
  "check",
  "uncheck",
  "setChecked",
  "selectOption",
  "setInputFiles",
  "selectText",
  "dragTo",
];
/** More time for each test, for the checks it makes (an axe run takes a second or more on a busy machine). */
const EXTRA_TIMEOUT_MS = 60_000;

type Impact = (typeof IMPACTS)[number];

interface Violation {
  id: string;
  impact: Impact;
  help: string;
  nodes: { target: string; summary: string }[];
}

export interface AxeScan {
  test: string;
  file: string;
  /** path and query of the page checked */
  path: string;
  /** "load": once the address loaded and settled; "last": the page as the test left it */
  when: "load" | "last";
  viewport: string;
  counts: Record<Impact, { rules: number; nodes: number }>;
  violations: Violation[];
}

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** Watches the pages of the contexts it is given and checks each address they reach. */
class Audit {
  readonly scans: AxeScan[] = [];
  private readonly contexts = new WeakSet<BrowserContext>();
  private readonly finished = new WeakSet<BrowserContext>();
  private readonly pages = new Set<Page>();
  private readonly queues = new Map<Page, Promise<void>>();
  private readonly inFlight = new Map<Page, number>();
  /** addresses checked on load, per page, so a page is not checked again for the same address */
  private readonly seen = new WeakMap<Page, Set<string>>();

  constructor(private readonly testInfo: TestInfo) {}

  watch(context: BrowserContext): void {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    for (const page of context.pages()) this.watchPage(page);
    context.on("page", (page) => this.watchPage(page));
    // A context closed by the test is checked as it was left, first.
    const close = context.close.bind(context);
    context.close = async (options) => {
      await this.finish(context);
      return close(options);
    };
  }

  private watchPage(page: Page): void {
    if (this.pages.has(page)) return;
    this.pages.add(page);
    this.seen.set(page, new Set());
    this.inFlight.set(page, 0);
    const counts = (delta: number) => (request: { url(): string }) => {
      // The live-updates socket may long-poll; it never settles and does not change the page by itself.
      if (request.url().includes("/socket.io/")) return;
      this.inFlight.set(page, Math.max(0, (this.inFlight.get(page) ?? 0) + delta));
    };
    page.on("request", counts(1));
    page.on("requestfinished", counts(-1));
    page.on("requestfailed", counts(-1));
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) void this.checkOnLoad(page, frame.url());
    });
    page.on("close", () => this.pages.delete(page));
    this.holdActions(page);
    // An address the test opens itself is checked before the test goes on, so a quick test cannot skip past it;
    // one reached by a click is checked alongside the test.
    for (const method of ["goto", "reload", "goBack", "goForward"] as const) {
      const navigate = page[method].bind(page) as (...args: unknown[]) => Promise<unknown>;
      (page as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        await this.pending(page);
        const response = await navigate(...args);
        await this.checkOnLoad(page, page.url());
        return response;
      };
    }
  }

  /** Waits for the checks queued for a page; a test's next action on it waits for them, so none is skipped. */
  pending(page: Page): Promise<void> {
    return this.pages.has(page) ? (this.queues.get(page) ?? Promise.resolve()) : Promise.resolve();
  }

  private restoreLocator: (() => void) | undefined;

  /**
   * Actions on locators (click, fill, …) first wait for the checks of the address the page is at, so an address
   * reached by a click is checked before the test clicks on to the next one.
   */
  private holdActions(page: Page): void {
    if (this.restoreLocator) return;
    const proto = Object.getPrototypeOf(page.locator("html")) as Record<string, unknown>;
    const saved = new Map<string, unknown>();
    const audit = this;
    for (const name of ACTIONS) {
      const original = proto[name];
      if (typeof original !== "function") continue;
      saved.set(name, original);
      proto[name] = async function (this: { page(): Page }, ...args: unknown[]) {
        await audit.pending(this.page());
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
    this.restoreLocator = () => {
      for (const [name, original] of saved) proto[name] = original;
    };
  }

  release(): void {
    this.restoreLocator?.();
    this.restoreLocator = undefined;
  }

  private checkOnLoad(page: Page, address: string): Promise<void> {
    if (!address.startsWith("http")) return Promise.resolve();
    return this.enqueue(page, async () => {
      // Gone on to another address already: that one is queued too.
      if (page.isClosed() || page.url() !== address) return;
      const seen = this.seen.get(page)!;
      if (seen.has(pathOf(address))) return;
      await this.settle(page);
      if (page.isClosed() || page.url() !== address) return;
      if (await this.scan(page, "load")) seen.add(pathOf(address));
    });
  }

  private enqueue(page: Page, job: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(page) ?? Promise.resolve()).then(job).catch(() => undefined);
    this.queues.set(page, next);
    return next;
  }

  /** Waits until the page has loaded, has no request under way and its DOM stopped changing (bounded). */
  private async settle(page: Page): Promise<void> {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    await page.waitForLoadState("load", { timeout: SETTLE_LIMIT_MS }).catch(() => undefined);
    while (Date.now() < deadline && !page.isClosed()) {
      const quietDom = await page
        .evaluate(
          ({ quiet }) =>
            new Promise<boolean>((resolve) => {
              let changed = false;
              const observer = new MutationObserver(() => (changed = true));
              observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
              setTimeout(() => {
                observer.disconnect();
                resolve(!changed);
              }, quiet);
            }),
          { quiet: QUIET_MS },
        )
        .catch(() => false);
      if (quietDom && (this.inFlight.get(page) ?? 0) === 0) return;
    }
  }

  /** Checks the page as it is now; false when it could not (closed, or navigating meanwhile). */
  private async scan(page: Page, when: AxeScan["when"]): Promise<boolean> {
    let address: string;
    try {
      address = page.url();
      if (!address.startsWith("http")) return false;
      const isHtml = await page.evaluate(() => document.contentType === "text/html");
      if (!isHtml) return false;
      const results = await new AxeBuilder({ page }).withTags(TAGS).exclude(THIRD_PARTY).analyze();
      if (page.isClosed() || page.url() !== address) return false;
      const counts = Object.fromEntries(IMPACTS.map((impact) => [impact, { rules: 0, nodes: 0 }])) as AxeScan["counts"];
      const violations: Violation[] = results.violations.map((v) => {
        const impact = (v.impact ?? "minor") as Impact;
        counts[impact].rules += 1;
        counts[impact].nodes += v.nodes.length;
        return {
          id: v.id,
          impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(" "), summary: n.failureSummary ?? "" })),
        };
      });
      const size = page.viewportSize();
      this.scans.push({
        test: this.testInfo.titlePath.slice(1).join(" › "),
        file: path.basename(this.testInfo.file),
        path: pathOf(address),
        when,
        viewport: size ? `${size.width}x${size.height}` : "",
        counts,
        violations,
      });
      return true;
    } catch {
      // Closed, or navigated away mid-check: the next address is checked when it loads.
      return false;
    }
  }

  /** Checks every open page of the context in its last state, after what is queued for it. */
  async finish(context: BrowserContext): Promise<void> {
    if (this.finished.has(context)) return;
    this.finished.add(context);
    const pages = context.pages().filter((page) => this.pages.has(page));
    await Promise.all(
      pages.map((page) =>
        this.enqueue(page, async () => {
          if (page.isClosed()) return;
          await this.settle(page);
          await this.scan(page, "last");
        }),
      ),
    );
  }

  async finishAll(): Promise<void> {
    const contexts = new Set([...this.pages].map((page) => page.context()));
    await Promise.all([...contexts].map((context) => this.finish(context)));
  }

  /** Writes the checks out and returns the serious and critical violations, one line each. */
  report(): string[] {
    const outputDir = this.testInfo.project.outputDir;
    fs.mkdirSync(path.join(outputDir, "axe"), { recursive: true });
    const lines = this.scans.map((scan) => JSON.stringify(scan)).join("\n");
    if (lines) fs.appendFileSync(path.join(outputDir, "axe-report.jsonl"), `${lines}\n`);
    const name = this.testInfo.titlePath
      .slice(1)
      .join(" ")
      .replace(/[^a-z0-9]+/gi, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 120);
    fs.writeFileSync(path.join(outputDir, "axe", `${name}.json`), JSON.stringify(this.scans, null, 2));
    const problems: string[] = [];
    for (const scan of this.scans) {
      for (const v of scan.violations) {
        if (!BLOCKING.has(v.impact)) continue;
        for (const node of v.nodes) {
          problems.push(
            `${scan.path} (${scan.when}, ${scan.viewport}): ${v.id} [${v.impact}] ${node.target} — ${v.help}. ${node.summary.replace(/\s+/g, " ")}`,
          );
        }
      }
    }
    return [...new Set(problems)];
  }
}

export const test = base.extend<{ axeAudit: Audit }>({
  axeAudit: [
    async ({ browser }, use, testInfo) => {
      const audit = new Audit(testInfo);
      testInfo.setTimeout(testInfo.timeout + EXTRA_TIMEOUT_MS);
      // Contexts the test makes itself are watched as well as the `page` fixture's.
      const b = browser as Browser;
      const newContext = b.newContext;
      const newPage = b.newPage;
      b.newContext = async (options) => {
        const context = await newContext.call(b, options);
        audit.watch(context);
        return context;
      };
      b.newPage = async (options) => {
        const page = await newPage.call(b, options);
        audit.watch(page.context());
        return page;
      };
      try {
        await use(audit);
        await audit.finishAll();
      } finally {
        b.newContext = newContext;
        b.newPage = newPage;
        audit.release();
      }
      const problems = audit.report();
      await testInfo.attach("axe", { body: JSON.stringify(audit.scans, null, 2), contentType: "application/json" });
      if (problems.length > 0) {
        throw new Error(
          `Accessibility: ${problems.length} serious or critical violation(s) (axe, WCAG 2.1 AA):\n${problems.join("\n")}`,
        );
      }
    },
    { auto: true },
  ],
  context: async ({ context, axeAudit }, use) => {
    axeAudit.watch(context);
    await use(context);
    await axeAudit.finish(context);
  },
});
