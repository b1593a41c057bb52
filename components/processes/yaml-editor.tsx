"use client";
// A plain textarea made fit for YAML: a line-number gutter, the lines with errors marked in the gutter and behind
// the text, no soft wrapping (so line numbers stay true), and Enter keeps the indentation (one level more after a
// "key:"). Tab is left to the browser so the keyboard can always leave the field.
import { type Ref, useState } from "react";

const LINE_PX = 24;
const PAD_PX = 8;
const PAD_X_PX = 12;

interface YamlEditorProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** 1-based places of problems: their lines are marked, and the text from the column on is underlined */
  marks: readonly { line: number; column: number | null }[];
  readOnly?: boolean;
  textareaRef?: Ref<HTMLTextAreaElement>;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}

/** The text Enter should insert at the caret: a newline and the indentation the next line most likely wants. */
function newlineFor(text: string, caret: number): string {
  const lineStart = text.lastIndexOf("\n", caret - 1) + 1;
  const before = text.slice(lineStart, caret);
  const indent = /^[ ]*(- )?/.exec(before)?.[0].replace("-", " ") ?? "";
  return `\n${indent}${/:\s*$/.test(before) ? "  " : ""}`;
}

export function YamlEditor({ id, value, onChange, marks, readOnly, textareaRef, ...aria }: YamlEditorProps) {
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  const lines = value.split("\n");
  const errorLines = new Set(marks.map((m) => m.line));
  const scrollTop = scroll.top;

  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || readOnly) return;
    const area = event.currentTarget;
    if (area.selectionStart !== area.selectionEnd) return;
    const text = newlineFor(area.value, area.selectionStart);
    // insertText keeps the browser's undo history; where it is missing, Enter does what it always does.
    if (document.execCommand?.("insertText", false, text)) event.preventDefault();
  }

  return (
    <div className="relative flex h-[28rem] overflow-hidden rounded-md border border-slate-300 bg-white font-mono text-[13px] shadow-sm focus-within:border-indigo-500 focus-within:outline-2 focus-within:outline-indigo-600 has-[textarea[aria-invalid=true]]:border-rose-400">
      <div
        aria-hidden
        className="w-12 shrink-0 overflow-hidden border-r border-slate-200 bg-slate-50 text-right text-slate-600 select-none"
      >
        <div style={{ transform: `translateY(${-scrollTop}px)`, paddingTop: PAD_PX, paddingBottom: PAD_PX }}>
          {lines.map((_, i) => {
            const bad = errorLines.has(i + 1);
            return (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: a line number is the line's identity
                key={i}
                data-error-line={bad || undefined}
                style={{ height: LINE_PX, lineHeight: `${LINE_PX}px` }}
                className={`pr-2 tabular-nums ${bad ? "bg-rose-100 font-semibold text-rose-700" : ""}`}
              >
                {bad ? "!" : ""}
                {i + 1}
              </div>
            );
          })}
        </div>
      </div>
      <div className="relative min-w-0 flex-1">
        {/* The marked lines, drawn behind the transparent textarea and moved with its scroll. */}
        <div aria-hidden className="pointer-events-none absolute inset-0 overflow-hidden">
          {[...errorLines].map((line) => (
            <div
              key={line}
              className="absolute inset-x-0 border-y border-rose-200 bg-rose-50"
              style={{ top: PAD_PX + (line - 1) * LINE_PX - scrollTop, height: LINE_PX }}
            />
          ))}
          {marks.map(({ line, column }, i) => {
            if (column === null || line > lines.length) return null;
            // `ch` is the width of one character of this monospace font, the textarea's too.
            const width = Math.max(1, (lines[line - 1]?.length ?? 0) - column + 1);
            return (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: a line number is the line's identity
                key={i}
                className="absolute h-0.5 rounded-full bg-rose-500"
                style={{
                  top: PAD_PX + line * LINE_PX - 5 - scrollTop,
                  left: `calc(${PAD_X_PX - scroll.left}px + ${column - 1}ch)`,
                  width: `${width}ch`,
                }}
              />
            );
          })}
        </div>
        <textarea
          id={id}
          ref={textareaRef}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, left: e.currentTarget.scrollLeft })}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          style={{ lineHeight: `${LINE_PX}px`, padding: `${PAD_PX}px ${PAD_X_PX}px` }}
          className="relative block h-full w-full resize-none overflow-auto bg-transparent whitespace-pre text-slate-900 outline-none read-only:text-slate-600"
          {...aria}
        />
      </div>
    </div>
  );
}

/** Puts the caret at a 1-based line and column and scrolls it into view. */
export function focusLine(area: HTMLTextAreaElement, line: number, column: number | null): void {
  const lines = area.value.split("\n");
  const row = Math.min(Math.max(line, 1), lines.length) - 1;
  const offset =
    lines.slice(0, row).reduce((sum, l) => sum + l.length + 1, 0) +
    Math.min(Math.max((column ?? 1) - 1, 0), lines[row].length);
  area.focus();
  area.setSelectionRange(offset, offset);
  area.scrollTop = Math.max(0, PAD_PX + row * LINE_PX - area.clientHeight / 2);
}
