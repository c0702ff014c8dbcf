// Words the pages show for values that live in the doc (the report's status). Re-exported here
// so that components reach them through the state layer (the boundary check forbids ui → doc).
export { REPORT_STATUS_LABELS, type ReportStatus } from '../doc/types.ts';
