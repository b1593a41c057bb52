"use client";
// The chat input: Enter sends, Shift+Enter starts a new line; the box grows with the text.
import { useLayoutEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/app/button";

interface ComposerProps {
  onSend: (message: string) => Promise<boolean>;
  busy?: boolean;
  disabled?: boolean;
  placeholder?: string;
  error?: string | null;
  /** why sending has to wait (typing stays possible), e.g. while the previous reply is being written */
  waitReason?: string | null;
}

const MAX_HEIGHT_PX = 240;

export function Composer({ onSend, busy, disabled, placeholder = "Message the agent…", error, waitReason }: ComposerProps) {
  const [text, setText] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  async function send() {
    const message = text.trim();
    if (!message || busy || disabled || waitReason) return;
    if (await onSend(message)) setText("");
    ref.current?.focus();
  }

  return (
    <form
      className="border-t border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {error && (
        <p role="alert" className="mb-2 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      <div className="flex items-end gap-2">
        <label htmlFor="chat-message" className="sr-only">
          Message
        </label>
        <textarea
          ref={ref}
          id="chat-message"
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={placeholder}
          aria-describedby="chat-message-hint"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // While an input method is composing, Enter picks a candidate rather than sending.
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
          className="block max-h-60 min-h-10 w-full resize-none rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-500/30 disabled:bg-slate-50"
        />
        <button type="submit" className={buttonClass("primary")} disabled={busy || disabled || Boolean(waitReason) || !text.trim()}>
          {busy ? "Sending…" : "Send"}
        </button>
      </div>
      <p id="chat-message-hint" className="mt-1.5 text-xs text-slate-400">
        {waitReason ?? "Enter sends · Shift+Enter for a new line"}
      </p>
    </form>
  );
}
