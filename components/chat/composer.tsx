"use client";
// The chat input: Enter sends, Shift+Enter starts a new line; the box grows with the text. Typing `/` offers the
// agent's playbooks (ARIA combobox): ghost text completes the active one, and its argument hint follows once accepted.
import { useCallback, useId, useLayoutEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { PlaybookArgumentsForm } from "@/components/playbooks/playbook-arguments-form";
import { usePlaybooks } from "@/lib/client/skills";
import { describeArguments, missingArguments, parseSlashMessage } from "@/lib/skills/arguments";
import type { PlaybookDto } from "@/lib/skills/schemas";
import { SlashCommandList } from "./slash-command-list";
import { useSlashAutocomplete } from "./use-slash-autocomplete";

interface ComposerProps {
  onSend: (message: string) => Promise<boolean>;
  busy?: boolean;
  disabled?: boolean;
  placeholder?: string;
  error?: string | null;
  /** why sending has to wait (typing stays possible), e.g. while the previous reply is being written */
  waitReason?: string | null;
  /** the agent whose playbooks `/` offers; without it there is no autocomplete */
  agentName?: string;
  /** while a reply is being written: stops it (a Stop button takes the place of Send) */
  stop?: { onStop: () => void; busy: boolean } | null;
}

const MAX_HEIGHT_PX = 240;
const NO_COMMANDS: never[] = [];
/** Same box as the textarea (border, padding, font), so text laid over it lines up with what was typed. */
const TEXT_BOX = "rounded-md border px-3 py-2 text-sm leading-5";

export function Composer({
  onSend,
  busy,
  disabled,
  placeholder = "Message the agent…",
  error,
  waitReason,
  agentName,
  stop,
}: ComposerProps) {
  const [text, setText] = useState("");
  /** a playbook typed without the arguments it requires: asked for in a form instead of being sent */
  const [asking, setAsking] = useState<{ playbook: PlaybookDto; args: string } | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const caretToEnd = useRef(false);
  const listId = useId();
  const optionId = useCallback((index: number) => `${listId}-option-${index}`, [listId]);
  const playbooks = usePlaybooks(agentName ?? null);
  const slash = useSlashAutocomplete({
    text,
    commands: playbooks.data ?? NO_COMMANDS,
    replaceText: (next) => {
      caretToEnd.current = true;
      setText(next);
      ref.current?.focus();
    },
  });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
    if (caretToEnd.current) {
      caretToEnd.current = false;
      el.setSelectionRange(text.length, text.length);
    }
  }, [text]);

  async function send() {
    const message = text.trim();
    if (!message || busy || disabled || waitReason) return;
    const command = parseSlashMessage(message);
    const playbook = command && playbooks.data?.find((p) => p.name === command.name);
    if (command && playbook && missingArguments(playbook.argumentHint, command.args).length > 0) {
      setAsking({ playbook, args: command.args });
      return;
    }
    if (await onSend(message)) setText("");
    ref.current?.focus();
  }

  async function sendWithArguments(name: string, args: string) {
    if (await onSend(`/${name} ${args}`)) {
      setAsking(null);
      setText("");
      ref.current?.focus();
    }
  }

  const closeAsking = () => {
    setAsking(null);
    ref.current?.focus();
  };

  const overlay = slash.ghost ? (
    <span data-testid="ghost-text" className="text-slate-500">
      {slash.ghost}
    </span>
  ) : slash.argumentHint ? (
    <span data-testid="argument-hint" className="text-slate-500">
      {slash.argumentHint}
    </span>
  ) : null;

  const hint = waitReason
    ? waitReason
    : slash.open
      ? "↑↓ choose a playbook · Tab, Enter or → accept · Esc close"
      : slash.argumentHint
        ? `Arguments: ${slash.argumentHint} · Enter sends`
        : agentName && playbooks.data?.length
          ? "Enter sends · Shift+Enter for a new line · / for playbooks"
          : "Enter sends · Shift+Enter for a new line";

  const combobox = agentName
    ? {
        role: "combobox",
        "aria-expanded": slash.open,
        "aria-controls": listId,
        "aria-autocomplete": "both" as const,
        "aria-activedescendant": slash.open ? optionId(slash.activeIndex) : undefined,
      }
    : {};

  return (
    <div className="border-t border-slate-200 bg-white p-3">
      {asking && (
        <ArgumentsPrompt
          playbook={asking.playbook}
          args={asking.args}
          busy={busy || Boolean(waitReason)}
          onSubmit={(args) => void sendWithArguments(asking.playbook.name, args)}
          onCancel={closeAsking}
        />
      )}
      <form
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
          <div className="relative w-full">
            <textarea
              ref={ref}
              id="chat-message"
              rows={1}
              value={text}
              disabled={disabled}
              placeholder={placeholder}
              aria-describedby="chat-message-hint"
              {...combobox}
              onChange={(e) => setText(e.target.value)}
              onBlur={slash.close}
              onKeyDown={(e) => {
                if (slash.onKeyDown(e)) return;
                // While an input method is composing, Enter picks a candidate rather than sending.
                if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void send();
                }
              }}
              className={`${TEXT_BOX} block max-h-60 min-h-10 w-full resize-none border-slate-300 shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-500/30 disabled:bg-slate-50`}
            />
            {overlay && (
              <div
                aria-hidden
                className={`${TEXT_BOX} pointer-events-none absolute inset-0 overflow-hidden border-transparent break-words whitespace-pre-wrap`}
              >
                <span className="invisible">{text}</span>
                {overlay}
              </div>
            )}
            {agentName && (
              <SlashCommandList
                id={listId}
                open={slash.open}
                options={slash.options}
                activeIndex={slash.activeIndex}
                optionId={optionId}
                onActivate={slash.setActive}
                onChoose={slash.accept}
              />
            )}
          </div>
          {stop ? (
            <button type="button" className={buttonClass("secondary")} onClick={stop.onStop} disabled={stop.busy}>
              <span aria-hidden className="size-2.5 rounded-sm bg-slate-700" />
              {stop.busy ? "Stopping…" : "Stop"}
              <span className="sr-only"> the reply</span>
            </button>
          ) : (
            <button
              type="submit"
              className={buttonClass("primary")}
              disabled={busy || disabled || Boolean(waitReason) || !text.trim()}
            >
              {busy ? "Sending…" : "Send"}
            </button>
          )}
        </div>
        <p id="chat-message-hint" className="mt-1.5 text-xs text-slate-500">
          {hint}
        </p>
        <p aria-live="polite" className="sr-only">
          {slash.open
            ? `${slash.options.length} ${slash.options.length === 1 ? "playbook matches" : "playbooks match"}`
            : ""}
        </p>
      </form>
    </div>
  );
}

/** Asks for the arguments a playbook typed as `/name` requires, instead of sending it without them. */
function ArgumentsPrompt({
  playbook,
  args,
  busy,
  onSubmit,
  onCancel,
}: {
  playbook: PlaybookDto;
  args: string;
  busy: boolean;
  onSubmit: (args: string) => void;
  onCancel: () => void;
}) {
  return (
    <section
      aria-labelledby="chat-arguments-title"
      className="mb-3 rounded-md border border-indigo-200 bg-indigo-50/60 p-3"
    >
      <h3 id="chat-arguments-title" className="mb-2 text-sm font-semibold text-slate-900">
        <span className="font-mono">/{playbook.name}</span> needs{" "}
        {describeArguments(missingArguments(playbook.argumentHint, args))}
      </h3>
      <PlaybookArgumentsForm
        key={`${playbook.name}:${args}`}
        playbook={playbook}
        initialArgs={args}
        submitLabel="Send"
        submitDescription={`/${playbook.name} with these arguments`}
        busy={busy}
        autoFocus
        onSubmit={onSubmit}
        onCancel={onCancel}
      />
    </section>
  );
}
