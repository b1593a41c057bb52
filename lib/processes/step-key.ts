// The idempotency key an agent step's task is posted with: the worker that posts it, one that posts it again after
// an outage, and a cancel looking for the step's execution all name it the same way.
export const stepIdempotencyKey = (stepRunId: string) => `step:${stepRunId}`;
