"use client";
// A list filter's free-text box with its own submit button. The list's other filters live in the address; before the
// page's script has loaded, the box still works as a plain GET form: those filters ride along as hidden fields, so the
// address it loads is the one the script would have pushed.
import { type FormEvent, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { filterInputClass, filterLabelClass } from "@/components/app/field";

export function TextFilter({
  id,
  formLabel,
  name,
  label,
  search,
  onSubmit,
  button,
  className,
}: {
  id: string;
  /** the search form's own name (the box has `label`) */
  formLabel: string;
  /** the query parameter the text is */
  name: string;
  label: string;
  /** the list's filters as the address holds them: this box's text, and the others it keeps */
  search: URLSearchParams;
  onSubmit: (text: string | undefined) => void;
  button: string;
  className?: string;
}) {
  const keep = new URLSearchParams(search);
  keep.delete(name);
  const [text, setText] = useState(search.get(name) ?? "");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(text.trim() || undefined);
  };
  return (
    <form
      role="search"
      aria-label={formLabel}
      method="get"
      onSubmit={submit}
      className={`flex items-end gap-2 ${className ?? ""}`}
    >
      {[...keep].map(([key, v]) => (
        <input key={key} type="hidden" name={key} value={v} />
      ))}
      <div className="flex-1">
        <label htmlFor={id} className={filterLabelClass}>
          {label}
        </label>
        <input
          id={id}
          name={name}
          type="search"
          className={filterInputClass}
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <button type="submit" className={buttonClass("secondary")}>
        {button}
      </button>
    </form>
  );
}
