// What every browser test imports instead of @playwright/test: the same `test` and `expect`, with the checks every
// page a test visits must pass.
export { expect, test } from "@playwright/test";
export type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
