// Server-side skills API. The browser imports "lib/skills/schemas" instead (this module reaches the database).

export { assignSkill, getAgentSkills, setAgentSkills, unassignSkill } from "./assignments";
export { bundledSkillsDir, importBundledSkills } from "./bundled";
export { expandPlaybookBody, messageForRuntime, splitArguments } from "./expand";
export { type ImportResult, importSkillFolders } from "./import";
export { applySkillSnapshot, type InjectResult, injectionState, takeSkillSnapshot } from "./inject";
export { type ParsedSkill, parseSkillMd } from "./parse";
export { listPlaybooks, playbookMessage, runPlaybook } from "./playbooks";
export * from "./schemas";
export {
  createSkill,
  deleteSkill,
  getSkillDto,
  getSkillRowOrThrow,
  listSkills,
  resolveSkillConflict,
  updateSkill,
} from "./skills";
export { confirmSync, getSyncStatus, previewSync, recoverInterruptedSyncs, updateSyncSettings } from "./sync";
