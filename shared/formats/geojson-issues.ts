/**
 * The old name of the shared issue list (`./issues`), kept only because `table/table-rows.ts`
 * still imports `RecordIssueList` from here. Delete this file once that import reads
 * `import { IssueList } from '../issues'`.
 */
export { IssueList as RecordIssueList } from './issues';
