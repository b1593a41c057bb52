"use client";
// A labelled admin/user choice.
import { useId } from "react";

export function RoleSelect({
  label,
  value,
  onChange,
  error,
  disabled,
  hideLabel,
}: {
  label: string;
  value: "admin" | "user";
  onChange: (role: "admin" | "user") => void;
  error?: string;
  disabled?: boolean;
  hideLabel?: boolean;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-700"}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value === "admin" ? "admin" : "user")}
        className={`${hideLabel ? "" : "mt-1 "}block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm`}
      >
        <option value="user">User</option>
        <option value="admin">Admin</option>
      </select>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
