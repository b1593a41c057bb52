// A signed-in admin opens a page on another port of the same host (same site, so SameSite=Lax sends the session
// cookie): the page's forged requests — a no-cors text/plain fetch and an auto-submitted form — change nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";
import { signIn } from "./sign-in";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

function attackerPage(cadre: string, victimEmail: string): string {
  const body = JSON.stringify({ email: victimEmail, name: "Mallory", password: "password-123", role: "admin" });
  return `<!doctype html><html><body>
<form id="f" method="POST" action="${cadre}/api/agents" enctype="text/plain">
  <input name='{"name":"pwned","runtime":"command","command":"id","start":true,"x":"' value='"}'>
</form>
<script>
  fetch(${JSON.stringify(`${cadre}/api/users`)}, { method: "POST", mode: "no-cors", credentials: "include",
    headers: { "content-type": "text/plain" }, body: ${JSON.stringify(body)} })
    .finally(() => { document.title = "fetched"; document.getElementById("f").submit(); });
</script></body></html>`;
}

test("forged requests from another port of the same host are refused", async ({ browser, baseURL }) => {
  const cadre = baseURL!;
  // No extra headers here: the browser alone decides what Origin its requests carry.
  const context = await browser.newContext({ extraHTTPHeaders: {} });
  const api = context.request;
  const own = { origin: cadre };
  const { needed } = await (await api.get("/api/setup")).json();
  if (needed) expect((await api.post("/api/setup", { data: admin, headers: own })).status()).toBe(201);
  await signIn(api, admin.email, admin.password, own);

  const victimEmail = `mallory-${Date.now()}@example.com`;
  const html = attackerPage(cadre, victimEmail);
  const attacker = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(html);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  const port = (attacker.address() as AddressInfo).port;
  try {
    const page = await context.newPage();
    const formAnswer = page.waitForResponse(
      (r) => r.url() === `${cadre}/api/agents` && r.request().method() === "POST",
    );
    // localhost, like Cadre's own address: a different port of the same host is the same site.
    await page.goto(`${new URL(cadre).protocol}//localhost:${port}/`);
    const refused = await formAnswer;
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");

    const users = await (await api.get("/api/users")).json();
    expect(users.users.some((u: { email: string }) => u.email === victimEmail)).toBe(false);
    expect((await api.get("/api/agents/pwned")).status()).toBe(404);
    // The same session still makes changes from Cadre's own pages.
    await page.goto("/tokens");
    await page.getByLabel("Token name").fill("made on Cadre's page");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByLabel("New API token")).toHaveValue(/^cad_/);
  } finally {
    attacker.close();
    await context.close();
  }
});
