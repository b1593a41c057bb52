"use client";
// An agent's reply as Markdown (GitHub flavour), rendered safely: raw HTML shows as text (no rehype-raw), links
// only to http(s) and mailto addresses and opened apart from Cadre, images shown as links rather than fetched.
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { safeLinkUrl } from "@/lib/client/safe-url";
import { CodeBlock } from "./code-block";

function SafeLink({ href, children }: { href?: string; children: React.ReactNode }) {
  if (!href) return <span className="underline decoration-dotted">{children}</span>;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="font-medium text-indigo-700 underline hover:text-indigo-900"
    >
      {children}
    </a>
  );
}

const components: Components = {
  a: ({ href, children }) => <SafeLink href={href}>{children}</SafeLink>,
  // An image from anywhere would be fetched as the page loads (a tracking pixel, a request to the local network):
  // it is shown as a link to open instead.
  img: ({ src, alt }) => (
    <SafeLink
      href={typeof src === "string" ? src : undefined}
    >{`Image: ${alt || (typeof src === "string" ? src : "")}`}</SafeLink>
  ),
  // GitHub task lists: a mark, not a form control nobody can use.
  input: ({ checked }) => <span>{checked ? "☑ " : "☐ "}</span>,
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  code: ({ className, children }) =>
    className ? (
      <code className={className}>{children}</code>
    ) : (
      <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]">{children}</code>
    ),
  p: ({ children }) => <p className="my-2 first:mt-0 last:mb-0">{children}</p>,
  ul: ({ children }) => <ul className="my-2 list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-2 list-decimal space-y-1 pl-5">{children}</ol>,
  h1: ({ children }) => <p className="my-2 text-base font-semibold">{children}</p>,
  h2: ({ children }) => <p className="my-2 text-base font-semibold">{children}</p>,
  h3: ({ children }) => <p className="my-2 font-semibold">{children}</p>,
  h4: ({ children }) => <p className="my-2 font-semibold">{children}</p>,
  h5: ({ children }) => <p className="my-2 font-semibold">{children}</p>,
  h6: ({ children }) => <p className="my-2 font-semibold">{children}</p>,
  blockquote: ({ children }) => (
    <blockquote className="my-2 border-l-4 border-slate-200 pl-3 text-slate-600">{children}</blockquote>
  ),
  table: ({ children }) => (
    <div className="my-2 overflow-x-auto">
      <table className="min-w-full border-collapse text-left text-xs">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border border-slate-200 bg-slate-50 px-2 py-1 font-semibold">{children}</th>,
  td: ({ children }) => <td className="border border-slate-200 px-2 py-1">{children}</td>,
};

export function MarkdownReply({ text }: { text: string }) {
  return (
    <div className="markdown-reply break-words">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components} urlTransform={safeLinkUrl} skipHtml={false}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
