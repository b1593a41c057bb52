// Server-side skills API. The browser imports "lib/skills/schemas" instead (this module reaches the database).
export * from "./schemas";
export { listSkills, getSkillDto, getSkillRowOrThrow, createSkill, updateSkill, deleteSkill, resolveSkillConflict } from "./skills";
export { parseSkillMd, type ParsedSkill } from "./parse";
export { importBundledSkills, bundledSkillsDir } from "./bundled";
export { importSkillFolders, type ImportResult } from "./import";
export { getSyncStatus, updateSyncSettings, previewSync, confirmSync, recoverInterruptedSyncs } from "./sync";
export { getAgentSkills, setAgentSkills, assignSkill, unassignSkill } from "./assignments";
export { applySkillSnapshot, injectionState, takeSkillSnapshot, type InjectResult } from "./inject";
export { listPlaybooks, runPlaybook, playbookMessage } from "./playbooks";
export { expandPlaybookBody, messageForRuntime, splitArguments } from "./expand";
