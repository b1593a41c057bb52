// A decision in the past tense, for "You … this" and the decisions list.
import type { Decision } from "@/lib/processes/schemas";

const WORDS: Record<Decision, string> = {
  approve: "approved",
  reject: "rejected",
  request_changes: "requested changes to",
};

/** "approved", "rejected", "requested changes to" (followed by what was decided) */
export const decidedWords = (d: Decision) => WORDS[d];
