// Signs in through the API. The sign-in endpoint is rate limited (3 per 10 s), and the browser test files run one
// after another within seconds, so a 429 is waited out for as long as the server's X-Retry-After asks, then retried.
import { type APIRequestContext, expect } from "@playwright/test";

export async function signIn(
  request: APIRequestContext,
  email: string,
  password: string,
  headers?: Record<string, string>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const res = await request.post("/api/auth/sign-in/email", { data: { email, password }, headers });
    if (res.status() !== 429 || attempt === 4) {
      expect(res.ok(), `sign-in as ${email}: ${res.status()} ${await res.text()}`).toBe(true);
      return;
    }
    const seconds = Number(res.headers()["x-retry-after"] ?? "10");
    await new Promise((resolve) =>
      setTimeout(resolve, (Number.isFinite(seconds) && seconds > 0 ? seconds : 10) * 1000 + 200),
    );
  }
}
