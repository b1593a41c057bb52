// The audit log: who changed what, when, from where (./write records, ./query reads, ./retention prunes).
export { auditToCsv, exportAudit, listAudit } from "./query";
export { getAuditSettings, pruneAudit, setAuditRetention } from "./retention";
export {
  type AuditActor,
  type AuditRecord,
  auditActor,
  auditStatement,
  auditWrite,
  changedFields,
  SYSTEM_ACTOR,
} from "./write";
