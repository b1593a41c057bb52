"use client";
// A searchable time zone list (ARIA combobox with a listbox popup): type to filter, ↑/↓ to move, Enter to choose, Esc to close.
import { useId, useMemo, useState } from "react";
import { inputClass } from "@/components/app/field";

const MAX_SHOWN = 80;

function allTimeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  // Some engines leave the plain "UTC" out of the list; it is the default, so it always comes first.
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}

const offsets = new Map<string, string>();

/** "GMT+01:00" right now (it moves with daylight saving, so this is a guide, not the rule). */
function offsetOf(timeZone: string): string {
  let offset = offsets.get(timeZone);
  if (offset === undefined) {
    try {
      const parts = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" }).formatToParts(new Date());
      offset = parts.find((p) => p.type === "timeZoneName")?.value ?? "";
    } catch {
      offset = "";
    }
    offsets.set(timeZone, offset);
  }
  return offset;
}

/** "new york" finds America/New_York; every word typed must appear. */
function matches(zone: string, query: string): boolean {
  const haystack = zone.toLowerCase().replace(/_/g, " ");
  return query
    .toLowerCase()
    .replace(/_/g, " ")
    .split(/[\s/]+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

interface TimeZonePickerProps {
  id: string;
  value: string;
  onChange: (timeZone: string) => void;
  /** set by <Field>: the hint and error ids */
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}

export function TimeZonePicker({ id, value, onChange, ...aria }: TimeZonePickerProps) {
  const listId = useId();
  const zones = useMemo(allTimeZones, []);
  const [query, setQuery] = useState<string | null>(null); // null: not typing, the input shows the value
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const filtered = useMemo(() => (query ? zones.filter((z) => matches(z, query)) : zones), [zones, query]);
  const shown = filtered.slice(0, MAX_SHOWN);
  const optionId = (index: number) => `${listId}-option-${index}`;

  function openAt(index: number) {
    setOpen(true);
    setActive(index);
    requestAnimationFrame(() => document.getElementById(optionId(index))?.scrollIntoView({ block: "nearest" }));
  }

  function choose(zone: string) {
    onChange(zone);
    setQuery(null);
    setOpen(false);
  }

  /** Leaving the field keeps an exact name typed out in full; anything else goes back to the chosen zone. */
  function settle() {
    const exact = query && zones.find((z) => z.toLowerCase() === query.trim().toLowerCase());
    if (exact) onChange(exact);
    setQuery(null);
    setOpen(false);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    const last = shown.length - 1;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) openAt(Math.max(0, shown.indexOf(value)));
        else openAt(active >= last ? 0 : active + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!open) openAt(Math.max(0, shown.indexOf(value)));
        else openAt(active <= 0 ? last : active - 1);
        break;
      case "Home":
      case "End":
        if (!open) break;
        event.preventDefault();
        openAt(event.key === "Home" ? 0 : last);
        break;
      case "Enter":
        // Enter chooses from the open list; with the list closed it submits the form as usual.
        if (open && shown[active]) {
          event.preventDefault();
          choose(shown[active]);
        }
        break;
      case "Escape":
        if (open || query !== null) {
          event.preventDefault();
          event.stopPropagation();
          setQuery(null);
          setOpen(false);
        }
        break;
    }
  }

  return (
    <div className="relative">
      <input
        id={id}
        {...aria}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && shown[active] ? optionId(active) : undefined}
        className={`${inputClass} font-mono`}
        value={query ?? value}
        placeholder="Type a city or region"
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={(e) => e.target.select()}
        onClick={() => !open && openAt(Math.max(0, shown.indexOf(value)))}
        onKeyDown={onKeyDown}
        onBlur={settle}
      />
      <div
        hidden={!open}
        className="absolute z-20 mt-1 w-full rounded-md border border-slate-200 bg-white text-sm shadow-lg"
      >
        <ul id={listId} role="listbox" aria-label="Time zones" className="max-h-64 overflow-auto py-1">
          {shown.map((zone, index) => (
            <li
              key={zone}
              id={optionId(index)}
              role="option"
              aria-selected={zone === value}
              // mousedown, not click: the input must not lose focus (and settle) first.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(zone);
              }}
              onMouseMove={() => index !== active && setActive(index)}
              className={`flex cursor-pointer items-center justify-between gap-3 px-3 py-1.5 ${
                index === active ? "bg-indigo-50 text-indigo-900" : "text-slate-800"
              }`}
            >
              <span className="font-mono">{zone}</span>
              <span className="flex items-center gap-2 text-xs text-slate-500">
                {open && offsetOf(zone)}
                {zone === value && (
                  <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4 text-indigo-600">
                    <path
                      fillRule="evenodd"
                      d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z"
                      clipRule="evenodd"
                    />
                  </svg>
                )}
              </span>
            </li>
          ))}
        </ul>
        {shown.length === 0 && <p className="px-3 py-2 text-slate-500">No time zone matches “{query}”.</p>}
        {filtered.length > shown.length && (
          <p className="border-t border-slate-100 px-3 py-1.5 text-xs text-slate-500">
            {filtered.length - shown.length} more — keep typing to narrow the list.
          </p>
        )}
      </div>
      <p aria-live="polite" className="sr-only">
        {open && query ? `${filtered.length} time zones match` : ""}
      </p>
    </div>
  );
}
