// Three dots while the agent works on its reply.
export function TypingIndicator({ label }: { label: string }) {
  return (
    <span className="inline-flex items-center gap-1 py-1" role="status">
      <span className="sr-only">{label}</span>
      {[0, 1, 2].map((i) => (
        <span key={i} aria-hidden className="typing-dot size-1.5 rounded-full bg-slate-500" />
      ))}
    </span>
  );
}
