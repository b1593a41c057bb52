// Every signed-in page: the top bar and the client context (query cache, live updates, who is signed in).
import { Nav } from "@/components/app/nav";
import { Providers } from "@/components/app/providers";
import type { Viewer } from "@/components/app/viewer";
import { requireUser } from "@/lib/auth/session";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const who = await requireUser();
  const viewer: Viewer = { userId: who.userId, name: who.name, email: who.email, role: who.role };
  return (
    <Providers viewer={viewer}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-30 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <Nav viewer={viewer} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </Providers>
  );
}
