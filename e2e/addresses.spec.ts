// Cadre's address is http://localhost:<port>. Opened at http://127.0.0.1:<port> — another name for the same machine —
// sign-in works and the page stays live; opened at any other address, the sign-in page says which address to use
// and does not offer a sign-in that would be refused.
import { expect, type Page, test } from "./fixtures";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

/** Submits the sign-in form; a rate-limit refusal (3 per 10 s) is waited out as long as its message asks. */
async function signInThroughForm(page: Page): Promise<void> {
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const outcome = await Promise.race([
      page
        .waitForURL((url) => url.pathname !== "/sign-in")
        .then(
          () => "signed in" as const,
          () => "neither" as const,
        ),
      page
        .getByRole("alert")
        .filter({ hasText: /Too many/ })
        .waitFor()
        .then(
          () => "limited" as const,
          () => "neither" as const,
        ),
    ]);
    if (outcome === "signed in") return;
    if (outcome === "neither") break;
    const text =
      (await page
        .getByRole("alert")
        .filter({ hasText: /Too many/ })
        .textContent()) ?? "";
    const seconds = Number(/in (\d+) second/.exec(text)?.[1] ?? "10");
    await page.waitForTimeout(seconds * 1000 + 200);
  }
  throw new Error("sign-in stayed rate limited");
}

test("signing in at 127.0.0.1 works when Cadre's address is localhost", async ({ browser, baseURL }) => {
  const cadre = new URL(baseURL!);
  // No extra headers: the browser alone decides what Origin its requests carry.
  const context = await browser.newContext({ extraHTTPHeaders: {} });
  const { needed } = await (await context.request.get(`${baseURL}/api/setup`)).json();
  if (needed)
    expect(
      (await context.request.post(`${baseURL}/api/setup`, { data: admin, headers: { origin: baseURL! } })).status(),
    ).toBe(201);
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${cadre.port}/sign-in?next=%2Fagents`);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    await signInThroughForm(page);
    await expect(page).toHaveURL(`http://127.0.0.1:${cadre.port}/agents`);
    await expect(page.getByRole("link", { name: "demo" })).toBeVisible();
    // A change made from this address is taken too.
    await page.goto(`http://127.0.0.1:${cadre.port}/tokens`);
    await page.getByLabel("Token name").fill("made at 127.0.0.1");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByLabel("New API token")).toHaveValue(/^cad_/);
  } finally {
    await context.close();
  }
});

test("at any other address the sign-in page names Cadre's address and offers no sign-in", async ({
  browser,
  baseURL,
}) => {
  const cadre = new URL(baseURL!);
  const context = await browser.newContext({ extraHTTPHeaders: {} });
  try {
    const page = await context.newPage();
    // 127.0.0.2 reaches the same server (the loopback network) but is not a name Cadre is set up for.
    await page.goto(`http://127.0.0.2:${cadre.port}/sign-in`);
    const notice = page.getByRole("alert").filter({ hasText: "Cadre is not set up for this address" });
    await expect(notice).toContainText(`Open Cadre at ${cadre.origin}`);
    await expect(notice.getByRole("link", { name: cadre.origin })).toHaveAttribute(
      "href",
      new RegExp(`^${cadre.origin}/sign-in`),
    );
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    // The server refuses it all the same, and says where to go.
    const refused = await context.request.post(`http://127.0.0.2:${cadre.port}/api/auth/sign-in/email`, {
      data: { email: admin.email, password: admin.password },
      headers: { origin: `http://127.0.0.2:${cadre.port}` },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toContain(`open Cadre at ${cadre.origin}`);
  } finally {
    await context.close();
  }
});
