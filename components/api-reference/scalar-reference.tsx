"use client";
// Scalar's interactive reference of GET /api/openapi.json. Cadre is self-hosted, so nothing here may reach another
// site: no web fonts, no telemetry, no hosted assistant, no "open in the Scalar client" (the page's
// Content-Security-Policy would refuse those requests anyway). "Test request" stays: it calls this Cadre.
import { ApiReferenceReact, type AnyApiReferenceConfiguration } from "@scalar/api-reference-react";
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
  // Below Cadre's sticky top bar (h-14), and in Cadre's own typefaces.
  customCss: `.scalar-app { --scalar-custom-header-height: 3.5rem; --scalar-font: var(--font-sans); --scalar-font-code: var(--font-mono); }`,
};

export default function ScalarReference() {
  return <ApiReferenceReact configuration={CONFIGURATION} />;
}
