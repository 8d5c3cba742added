/**
 * AWS Budgets quotas the landing zone must stay within.
 * AWS Budgets, "Quotas and restrictions": https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-limits.html
 */

/** Email subscribers AWS Budgets accepts per notification. */
export const MAX_BUDGET_EMAIL_SUBSCRIBERS = 10;
