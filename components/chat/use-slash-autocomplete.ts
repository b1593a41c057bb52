"use client";
// The `/` autocomplete's state for the chat composer (ARIA combobox with list and inline completion): which playbooks
// match the typed name, the active one, its ghost completion, the argument hint after accepting, and the keys.
import { useState } from "react";
import {
  acceptedText,
  ghostSuffix,
  pendingArgumentHint,
  rankCommands,
  type SlashCommand,
  slashQuery,
} from "@/lib/client/slash-commands";

interface SlashAutocompleteOptions {
  text: string;
  commands: readonly SlashCommand[];
  /** replaces the composer's text and puts the caret at its end */
  replaceText: (text: string) => void;
}

export interface SlashAutocomplete {
  open: boolean;
  options: SlashCommand[];
  activeIndex: number;
  /** the rest of the active name after what was typed; "" when it does not start with it */
  ghost: string;
  /** the accepted command's argument hint, until arguments are typed */
  argumentHint: string | null;
  setActive: (index: number) => void;
  accept: (command: SlashCommand) => void;
  /** closes the list until the text changes (Esc, or focus leaving the composer) */
  close: () => void;
  /** true when the key was the autocomplete's (the caller then does nothing else with it) */
  onKeyDown: (event: React.KeyboardEvent<HTMLTextAreaElement>) => boolean;
}

export function useSlashAutocomplete({ text, commands, replaceText }: SlashAutocompleteOptions): SlashAutocomplete {
  // Esc closes the list for the text it was pressed on; typing opens it again — and the dismissal ends with that text,
  // so a "/" deleted and typed again opens the list again.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  if (dismissedAt !== null && dismissedAt !== text) setDismissedAt(null);
  // The active option belongs to the query it was chosen for; a new query starts at the top match.
  const [active, setActiveState] = useState<{ query: string | null; index: number }>({ query: null, index: 0 });

  const query = slashQuery(text);
  const options = query === null ? [] : rankCommands(commands, query);
  const open = query !== null && options.length > 0 && dismissedAt !== text;
  const activeIndex = active.query === query ? Math.min(active.index, options.length - 1) : 0;
  const ghost = open && query !== null ? ghostSuffix(options[activeIndex].name, query) : "";
  const argumentHint = pendingArgumentHint(text, commands);

  const setActive = (index: number) => setActiveState({ query, index });
  const accept = (command: SlashCommand) => {
    setActiveState({ query: null, index: 0 });
    replaceText(acceptedText(command.name));
  };

  const close = () => setDismissedAt(text);

  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || event.nativeEvent.isComposing) return false;
    const el = event.currentTarget;
    const caretAtEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
    const last = options.length - 1;
    const handled = (() => {
      switch (event.key) {
        case "ArrowDown":
          setActive(activeIndex >= last ? 0 : activeIndex + 1);
          return true;
        case "ArrowUp":
          setActive(activeIndex <= 0 ? last : activeIndex - 1);
          return true;
        case "Tab":
        case "Enter":
          if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return false;
          accept(options[activeIndex]);
          return true;
        case "ArrowRight":
          // → moves the caret as usual until it reaches the end, where it takes the completion.
          if (!caretAtEnd || event.shiftKey) return false;
          accept(options[activeIndex]);
          return true;
        case "Escape":
          close();
          return true;
        default:
          return false;
      }
    })();
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
    return handled;
  }

  return { open, options, activeIndex, ghost, argumentHint, setActive, accept, close, onKeyDown };
}
