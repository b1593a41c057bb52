"use client";
// The `/` autocomplete's popup: a listbox of matching playbooks above the composer. The textarea keeps focus; the
// active option is announced through aria-activedescendant and marked aria-selected.
import { useEffect } from "react";
import type { SlashCommand } from "@/lib/client/slash-commands";

interface SlashCommandListProps {
  id: string;
  open: boolean;
  options: SlashCommand[];
  activeIndex: number;
  optionId: (index: number) => string;
  onActivate: (index: number) => void;
  onChoose: (command: SlashCommand) => void;
}

export function SlashCommandList({
  id,
  open,
  options,
  activeIndex,
  optionId,
  onActivate,
  onChoose,
}: SlashCommandListProps) {
  useEffect(() => {
    if (open) document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: "nearest" });
  }, [open, activeIndex, optionId]);

  return (
    <div
      hidden={!open}
      className="absolute right-0 bottom-full left-0 z-20 mb-2 rounded-md border border-slate-200 bg-white text-sm shadow-lg"
    >
      <ul id={id} role="listbox" aria-label="Playbooks" className="max-h-72 overflow-auto py-1">
        {options.map((command, index) => (
          <li
            key={command.name}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            // mousedown, not click: the textarea must keep focus.
            onMouseDown={(e) => {
              e.preventDefault();
              onChoose(command);
            }}
            onMouseMove={() => index !== activeIndex && onActivate(index)}
            className={`cursor-pointer px-3 py-2 ${index === activeIndex ? "bg-indigo-50 text-indigo-900" : "text-slate-800"}`}
          >
            <span className="font-mono font-medium">/{command.name}</span>
            {command.argumentHint && (
              <span className="ml-2 font-mono text-xs text-slate-600">{command.argumentHint}</span>
            )}
            <span className="block truncate text-xs text-slate-600">{command.description}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
