import type { RuleDescription } from '../rule-description';

/**
 * Where the project and its documentation are published, for reports that must link there with absolute URIs
 * (SARIF's `informationUri` and `helpUri` may not be relative). `govcloud-tenants.example` is the project's
 * placeholder host, the one the editor schemas' `$id`s already use; a deployment that publishes the repository
 * elsewhere changes this one constant.
 */
export const PROJECT_URI = 'https://govcloud-tenants.example';

/** The rule reference, `docs/rules.md`, as published under {@link PROJECT_URI}. */
export const RULES_DOC_URI = `${PROJECT_URI}/docs/rules.md`;

/**
 * The anchor of a rule's heading (`### RES-01: Title`) in `docs/rules.md`, as GitHub's renderer makes it
 * (github-slugger): lower case, every character that is not a letter, mark, digit, `_`, `-` or space dropped,
 * each space a `-`. `docs/rules.md` is checked to have no two rules with one anchor and no anchor with `--`, so
 * GitLab (which folds repeated hyphens) makes the same ones.
 */
export function ruleAnchor(rule: Pick<RuleDescription, 'id' | 'title'>): string {
  return headingAnchor(`${rule.id}: ${rule.title}`);
}

/** The anchor GitHub gives a Markdown heading of this text (see {@link ruleAnchor}). */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Where a rule is explained: its section of the published `docs/rules.md`. */
export function ruleHelpUri(rule: Pick<RuleDescription, 'id' | 'title'>): string {
  return `${RULES_DOC_URI}#${ruleAnchor(rule)}`;
}
