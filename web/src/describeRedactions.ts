/** What the page says about hidden fields: the SDK's describeRedactions (one copy for the page and the CLI). */
export { describeRedactions, hiddenFieldsLine, type HiddenPlace, type RedactionSummary } from "../../sdk/src/index";
