"use client";
// Scalar's interactive reference of GET /api/openapi.json. Cadre is self-hosted, so nothing here may reach another
// site: no web fonts, no telemetry, no hosted assistant, no "open in the Scalar client" (the page's
// Content-Security-Policy would refuse those requests anyway). "Test request" stays: it calls this Cadre.
import { type AnyApiReferenceConfiguration, ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

const CONFIGURATION: AnyApiReferenceConfiguration = {
  url: "/api/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  hideClientButton: true,
  showDeveloperTools: "never",
  forceDarkModeState: "light",
  hideDarkModeToggle: true,
  documentDownloadType: "json",
  // Below Cadre's sticky top bar (h-14), in Cadre's own typefaces, and with text colours dark enough to read (the
  // default theme's greys and method colours fall below a 4.5:1 contrast on white).
  customCss: `.scalar-app {
    --scalar-custom-header-height: 3.5rem;
    --scalar-font: var(--font-sans);
    --scalar-font-code: var(--font-mono);
    --scalar-color-2: #475569;
    --scalar-color-3: #64748b;
    --scalar-sidebar-color-2: #475569;
    --scalar-color-accent: #4338ca;
    --scalar-color-green: #047857;
    --scalar-color-blue: #1d4ed8;
    --scalar-color-orange: #c2410c;
    --scalar-color-red: #b91c1c;
    --scalar-color-purple: #6d28d9;
    --scalar-color-yellow: #a16207;
  }`,
};

export default function ScalarReference() {
  return <ApiReferenceReact configuration={CONFIGURATION} />;
}
