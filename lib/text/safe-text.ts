// What people name things with (agents, schedules, processes, users, tokens, skills) is shown to other people, in
// logs and in terminals, so it may not carry characters that hide or reorder what is shown: NUL and the other C0 and
// C1 controls, and the bidirectional controls that can make "exe.txt" display as "txt.exe". Browser-safe.
import type { z } from "zod";

const BIDI_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

export interface SafeTextOptions {
  /** descriptions may span lines: tab, line feed and carriage return are then allowed */
  multiline?: boolean;
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why the text may not be used as a name or description, or null when it may. */
export function unsafeTextProblem(value: string, options: SafeTextOptions = {}): string | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (options.multiline && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
    if (code === 0) return "must not contain NUL (U+0000)";
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      return code === 0x0a || code === 0x0d ? "must be one line" : `must not contain control characters (${hex(code)})`;
    }
    if (BIDI_CONTROLS.has(code)) {
      return `must not contain bidirectional control characters (${hex(code)}), which change how text is displayed`;
    }
  }
  return null;
}

/** The shared refinement: `z.string().trim().max(100).superRefine(safeText())`. */
export function safeText(options: SafeTextOptions = {}) {
  return (value: string, ctx: z.core.$RefinementCtx<string>): void => {
    const problem = unsafeTextProblem(value, options);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
  };
}
