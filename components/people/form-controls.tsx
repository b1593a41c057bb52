"use client";
// Form parts for the people, token and settings screens: a labelled input, a button, a form-level alert.
import { type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, useId } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { formErrors } from "@/lib/client/api";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "className"> {
  label: string;
  error?: string;
  hint?: ReactNode;
  className?: string;
}

export function TextField({ label, error, hint, className, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className}>
      <input className={inputClass} {...input} />
    </Field>
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger" | "ghost" };

export function Button({ variant = "primary", className = "", ...props }: ButtonProps) {
  return <button type="button" className={`${buttonClass(variant)} ${className}`} {...props} />;
}

export function FormAlert({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {message}
    </p>
  );
}

/** `fieldError("email")` → the API's message for that field, if the last request failed on it. */
export function fieldErrorOf(err: unknown): (field: string) => string | undefined {
  return (field) => formErrors(err, [field]).fields[field];
}

/** The failure's message for the form's top, or null when it names one of the form's `fields` (it shows there). */
export function generalErrorOf(err: unknown, fields: readonly string[]): string | null {
  return formErrors(err, fields).general;
}
