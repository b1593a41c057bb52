"use client";
// The signed-in person, as the server layout saw them, for components that show or hide actions.
import { createContext, useContext } from "react";

export interface Viewer {
  userId: string;
  name: string;
  email: string;
  role: "admin" | "user";
}

const ViewerContext = createContext<Viewer | null>(null);

export const ViewerProvider = ViewerContext.Provider;

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer needs a ViewerProvider");
  return viewer;
}

/** Owners and admins start, stop and delete an agent. */
export function canManageAgent(viewer: Viewer, agent: { owner: { id: string } }): boolean {
  return viewer.role === "admin" || agent.owner.id === viewer.userId;
}

/** Editing a command agent (a program on the server) is for admins only. */
export function canEditAgent(viewer: Viewer, agent: { owner: { id: string }; runtime: string }): boolean {
  return canManageAgent(viewer, agent) && (viewer.role === "admin" || agent.runtime !== "command");
}
