"use client";
// The API reference page's body: Scalar is loaded in the browser only (it mounts its own app on the page).
import dynamic from "next/dynamic";
import { LoadingBlock } from "@/components/app/states";

const ScalarReference = dynamic(() => import("./scalar-reference"), {
  ssr: false,
  loading: () => <LoadingBlock label="Loading the API reference…" rows={4} />,
});

export function ApiReferenceView() {
  return (
    // No overflow clipping here: Scalar's sidebar sticks below the top bar while the page scrolls.
    // data-third-party: the accessibility check in the browser tests leaves Scalar's own markup out (see e2e/fixtures.ts).
    <div className="rounded-lg border border-slate-200 bg-white" data-third-party="scalar">
      <ScalarReference />
    </div>
  );
}
