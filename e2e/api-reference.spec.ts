// The API reference in a real browser: from the API tokens page a person opens /api-reference, which shows the
// operations of /api/openapi.json, without a Content-Security-Policy refusal and without a request to another site.
// On the tokens page, a second token with a name already in use is refused and the form says so at the field.
import { expect, type Page, test } from "./fixtures";
import { signIn } from "./sign-in";

// The admin of the first-run test; made here through the API when this file runs on its own.
const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct-horse-battery" };

async function signedIn(page: Page): Promise<void> {
  const { needed } = await (await page.request.get("/api/setup")).json();
  if (needed) expect((await page.request.post("/api/setup", { data: admin })).status()).toBe(201);
  await signIn(page.request, admin.email, admin.password);
}

test("the API tokens page links to the API reference, which lists the operations and stays within Cadre", async ({
  page,
  baseURL,
}) => {
  await signedIn(page);
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  page.on("pageerror", (e) => refused.push(`page error: ${e.message}`));
  const elsewhere: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== new URL(baseURL!).origin) elsewhere.push(r.url());
  });

  await page.goto("/tokens");
  const documentLoaded = page.waitForResponse((r) => r.url().endsWith("/api/openapi.json") && r.ok());
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await documentLoaded;

  // Operations of the document, by their summaries: the first group is open; another opens from the sidebar.
  await expect(page.getByRole("heading", { name: "Run a task" })).toBeVisible();
  const sidebar = page.getByRole("navigation", { name: /Sidebar for Cadre API/ });
  await sidebar.getByRole("button", { name: /^API tokens/ }).click();
  await sidebar.getByRole("button", { name: /^Create an API token/ }).click();
  const createToken = page.getByRole("heading", { name: "Create an API token" });
  await expect(createToken).toBeVisible();
  await expect(page.getByText("Conflict: you already have a token with this name", { exact: false })).toBeVisible();
  // Scalar's hosted extras are off: no assistant, no hand-off to its own client.
  await expect(page.getByRole("button", { name: /Ask AI|Agent Scalar/i })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Open API Client/i })).toHaveCount(0);

  expect(refused, "no Content-Security-Policy refusals or errors").toEqual([]);
  expect(elsewhere, "no request leaves Cadre").toEqual([]);
});

test("a second token with a name already in use is refused, with the reason at the name field", async ({ page }) => {
  await signedIn(page);
  const name = `e2e duplicate ${Date.now().toString(36)}`;
  await page.goto("/tokens");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByLabel("New API token")).toHaveValue(/^cad_/);
  await page.getByRole("button", { name: "Done" }).click();

  const field = page.getByLabel("Token name");
  await field.fill(name);
  const refusal = page.waitForResponse((r) => r.url().endsWith("/api/tokens") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Create token" }).click();
  expect((await refusal).status()).toBe(409);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/You already have a token with this name/);
  await expect(page.getByLabel("New API token")).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Revoke token ${name}` })).toHaveCount(1);
});
